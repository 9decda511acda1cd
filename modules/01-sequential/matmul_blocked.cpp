// Exercise 2 - cache blocking.
//
// Interchange streams all of B through the cache once per row of A: for large n,
// B no longer fits and every pass reloads it from memory. Split the iteration
// space into tiles so that a bk x bj tile of B is reused by bi rows of A while it
// is still in cache. The arithmetic of one tile is matmul_tile (parlab/matmul.hpp);
// your part is the three loops over tiles. Remember the edges: n need not be a
// multiple of the tile size.
#include <algorithm>

#include "parlab/error.hpp"
#include "parlab/matmul.hpp"
#include "sequential.hpp"

namespace parlab::seq {

void matmul_blocked(const Matrix& A, const Matrix& B, Matrix& C, Blocking b) {
  check_shapes(A, B, C);
  C.zero();
  const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
  // BEGIN SOLUTION
  for (std::size_t i0 = 0; i0 < m; i0 += b.bi)
    for (std::size_t p0 = 0; p0 < k; p0 += b.bk)
      for (std::size_t j0 = 0; j0 < n; j0 += b.bj)
        matmul_tile(A, B, C, i0, std::min(i0 + b.bi, m), p0, std::min(p0 + b.bk, k), j0, std::min(j0 + b.bj, n));
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO: loop over tiles (i0 by b.bi, p0 by b.bk, j0 by b.bj) and call
  // // matmul_tile(A, B, C, i0, i1, p0, p1, j0, j1) with the ends clipped to m, k, n.
  // (void)m, (void)k, (void)n, (void)b;
  // throw not_implemented("matmul_blocked (modules/01-sequential/matmul_blocked.cpp)");
  // END STUDENT
}

}  // namespace parlab::seq
