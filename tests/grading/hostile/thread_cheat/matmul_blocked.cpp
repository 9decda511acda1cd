// Hostile case: "blocked" that is loop interchange split over two std::threads (half
// the rows each). A sequential item measures it against one-thread interchange: on
// two free cores it looks like blocking. Honest content on one core: interchange,
// so no blocking points.
#include <functional>
#include <thread>

#include "sequential.hpp"

namespace parlab::seq {
namespace {
void rows(const Matrix& A, const Matrix& B, Matrix& C, std::size_t i0, std::size_t i1) {
  for (std::size_t i = i0; i < i1; ++i)
    for (std::size_t p = 0; p < A.cols(); ++p) {
      const double a = A(i, p);
      for (std::size_t j = 0; j < B.cols(); ++j) C(i, j) += a * B(p, j);
    }
}
}  // namespace

void matmul_blocked(const Matrix& A, const Matrix& B, Matrix& C, Blocking) {
  check_shapes(A, B, C);
  C.zero();
  const std::size_t half = A.rows() / 2;
  std::thread other(rows, std::cref(A), std::cref(B), std::ref(C), half, A.rows());
  rows(A, B, C, 0, half);
  other.join();
}
}  // namespace parlab::seq
