// Case: right on the tests' sizes (up to 129), wrong from n = 256 on (the last row is
// left out): the benchmark's validation fails, and the item's message must say so first.
#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  C.zero();
  const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
  const std::size_t rows = m >= 256 ? m - 1 : m;
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t p = 0; p < k; ++p) {
      const double a = A(i, p);
      for (std::size_t j = 0; j < n; ++j) C(i, j) += a * B(p, j);
    }
}
}  // namespace parlab::seq
