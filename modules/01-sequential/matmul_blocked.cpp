// Exercise 2 - cache blocking.
//
// Interchange streams all of B through the cache once per row of A: for large n,
// B no longer fits and every pass reloads it from memory. Compute C tile by tile so
// that a tile of B (b.bk x b.bj) is reused by b.bi rows of A while it is still in
// cache. n need not be a multiple of the tile sizes.
#include <algorithm>

#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {

// BEGIN SOLUTION
namespace {
// C[i0:i1, j0:j1] += A[i0:i1, k0:k1] * B[k0:k1, j0:j1], unit stride in the innermost loop.
void tile(const Matrix& A, const Matrix& B, Matrix& C, std::size_t i0, std::size_t i1, std::size_t k0,
          std::size_t k1, std::size_t j0, std::size_t j1) {
  const std::size_t lda = A.cols(), ldb = B.cols(), ldc = C.cols();
  const double* __restrict a = A.data();
  const double* __restrict b = B.data();
  double* __restrict c = C.data();
  for (std::size_t i = i0; i < i1; ++i)
    for (std::size_t p = k0; p < k1; ++p) {
      const double aip = a[i * lda + p];
      const double* brow = b + p * ldb;
      double* crow = c + i * ldc;
      for (std::size_t j = j0; j < j1; ++j) crow[j] += aip * brow[j];
    }
}
}  // namespace
// END SOLUTION

void matmul_blocked(const Matrix& A, const Matrix& B, Matrix& C, Blocking b) {
  check_shapes(A, B, C);
  C.zero();
  const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
  // BEGIN SOLUTION
  for (std::size_t i0 = 0; i0 < m; i0 += b.bi)
    for (std::size_t p0 = 0; p0 < k; p0 += b.bk)
      for (std::size_t j0 = 0; j0 < n; j0 += b.bj)
        tile(A, B, C, i0, std::min(i0 + b.bi, m), p0, std::min(p0 + b.bk, k), j0, std::min(j0 + b.bj, n));
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): C = A * B, computed one tile of C at a time, where the work on a
  // // tile reads only a b.bi x b.bk block of A and a b.bk x b.bj block of B. Inside a
  // // tile, reuse what exercise 1 taught you (a helper function for one tile is a good idea).
  // // Constraint: every (m, k, n) and every Blocking (even {1, 1, 1} or tiles larger than
  // // the matrix) must give the right answer: the last tile in each direction is short.
  // // Look up: "loop tiling" / "cache blocking"; std::min for the clipped ends.
  // // Think: which tile must stay in cache while it is reused, and how many bytes is it
  // // with the default Blocking? Compare with the L2 size that `lscpu` reports.
  // (void)m, (void)k, (void)n, (void)b;
  // throw not_implemented("matmul_blocked (modules/01-sequential/matmul_blocked.cpp)");
  // END STUDENT
}

}  // namespace parlab::seq
