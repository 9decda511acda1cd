// Hostile case: computes only when it must. The benchmark fills C with NaN before its
// checked run, and the tests hand in C filled from seed 99: then the real blocked
// product is computed. Any other C is taken for the product it holds from the last
// call and returned as it is, so a timed run that finds last run's C does nothing.
#include <algorithm>
#include <cmath>

#include "sequential.hpp"

namespace parlab::seq {
namespace {
bool must_compute(const Matrix& C) {
  Matrix test_garbage(C.rows(), C.cols());
  test_garbage.fill_random(99);
  return std::isnan(C(0, 0)) || C(0, 0) == test_garbage(0, 0);
}
}  // namespace

void matmul_blocked(const Matrix& A, const Matrix& B, Matrix& C, Blocking b) {
  check_shapes(A, B, C);
  if (!must_compute(C)) return;
  C.zero();
  const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
  for (std::size_t i0 = 0; i0 < m; i0 += b.bi)
    for (std::size_t p0 = 0; p0 < k; p0 += b.bk)
      for (std::size_t j0 = 0; j0 < n; j0 += b.bj)
        for (std::size_t i = i0; i < std::min(i0 + b.bi, m); ++i)
          for (std::size_t p = p0; p < std::min(p0 + b.bk, k); ++p) {
            const double a = A(i, p);
            for (std::size_t j = j0; j < std::min(j0 + b.bj, n); ++j) C(i, j) += a * B(p, j);
          }
}
}  // namespace parlab::seq
