// Given: the tiles of C shared by the collapse and taskloop rungs (exercises 2 and 5).
#include <algorithm>

#include "openmp.hpp"
#include "parlab/matmul.hpp"

namespace parlab::omp {

int tile_count(std::size_t extent, std::size_t tile) {
  tile = std::max<std::size_t>(tile, 1);
  return static_cast<int>((extent + tile - 1) / tile);
}

void tile_product(const Matrix& A, const Matrix& B, Matrix& C, Tiles t, int bi, int bj) {
  const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
  const std::size_t i0 = bi * t.bi, j0 = bj * t.bj;
  const std::size_t i1 = std::min(i0 + t.bi, m), j1 = std::min(j0 + t.bj, n);
  // The depth loop stays sequential: every slice adds into the same tile of C.
  for (std::size_t p0 = 0; p0 < k; p0 += t.bk) matmul_tile(A, B, C, i0, i1, p0, std::min(p0 + t.bk, k), j0, j1);
}

}  // namespace parlab::omp
