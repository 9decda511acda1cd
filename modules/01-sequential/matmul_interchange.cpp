// Exercise 1 - loop interchange.
//
// matmul_naive (common/src/matmul.cpp) computes C(i,j) as a dot product: its
// innermost loop walks DOWN a column of B, one cache line per element. Reorder the
// loops to i-k-j so the innermost loop walks ALONG a row of B and a row of C.
// Same arithmetic, same result (within rounding), several times faster.
#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {

void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  C.zero();
  const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
  // BEGIN SOLUTION
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t p = 0; p < k; ++p) {
      const double a = A(i, p);  // one element of A, reused along a whole row of B
      for (std::size_t j = 0; j < n; ++j) C(i, j) += a * B(p, j);
    }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO: three loops over i, p (the shared dimension) and j, in that order,
  // // accumulating C(i, j) += A(i, p) * B(p, j). C is already zero.
  // (void)m, (void)k, (void)n;
  // throw not_implemented("matmul_interchange (modules/01-sequential/matmul_interchange.cpp)");
  // END STUDENT
}

}  // namespace parlab::seq
