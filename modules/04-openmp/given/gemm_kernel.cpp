// Packing, the choice of a tile and the macro-kernel (see gemm_kernel.hpp); the
// micro-kernel is exercise 3a (exercises/matmul_micro_kernel.cpp, built the same way).
// Built with -mprefer-vector-width=512 (CMakeLists.txt): g++ 12 -march=native
// otherwise prefers 256-bit vectors on this CPU, and the 14 x 16 tile then needs
// twice the 16 registers AVX2 has: the accumulators spill to memory and the
// kernel loses most of its speed (measured: 16 instead of ~120 GFLOP/s on 2 threads).
#include "gemm_kernel.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>

#include "micro_kernel.hpp"

namespace parlab::omp::kernel {

void pack_b(const Matrix& B, std::size_t k0, std::size_t kc, std::size_t j0, std::size_t nc, std::size_t nr,
            double* out) {
  for (std::size_t q = 0; q < nc; q += nr) {
    const std::size_t w = std::min(nr, nc - q);
    for (std::size_t p = 0; p < kc; ++p) {
      const double* src = B.row(k0 + p) + j0 + q;
      std::size_t j = 0;
      for (; j < w; ++j) out[j] = src[j];
      for (; j < nr; ++j) out[j] = 0.0;  // padding: the kernel computes full tiles
      out += nr;
    }
  }
}

void pack_a(const Matrix& A, std::size_t i0, std::size_t mc, std::size_t k0, std::size_t kc, std::size_t mr,
            double* out) {
  for (std::size_t r = 0; r < mc; r += mr) {
    const std::size_t h = std::min(mr, mc - r);
    for (std::size_t p = 0; p < kc; ++p) {
      std::size_t i = 0;
      for (; i < h; ++i) out[i] = A(i0 + r + i, k0 + p);  // column p of the panel, contiguous
      for (; i < mr; ++i) out[i] = 0.0;
      out += mr;
    }
  }
}

namespace {

constexpr std::size_t kMaxTile = [] {
  std::size_t m = 0;
  for (const MicroTile& t : kTiles) m = std::max(m, t.mr * t.nr);
  return m;
}();

MicroKernel find_kernel(const MicroTile& t) {
  for (std::size_t i = 0; i < std::size(kTiles); ++i)
    if (kTiles[i] == t) return micro_kernels()[i];  // exercise 3a's template, one instance per tile
  throw std::invalid_argument("gemm kernel: no compiled " + std::to_string(t.mr) + "x" + std::to_string(t.nr) +
                              " tile with unroll " + std::to_string(t.unroll));
}

}  // namespace

std::span<const MicroTile> compiled_tiles() { return kTiles; }

bool compiled(const MicroTile& t) { return std::find(std::begin(kTiles), std::end(kTiles), t) != std::end(kTiles); }

std::string to_text(const Params& p) {
  return std::to_string(p.tile.mr) + "x" + std::to_string(p.tile.nr) + " unroll=" + std::to_string(p.tile.unroll) +
         " mc=" + std::to_string(p.blocks.mc) + " kc=" + std::to_string(p.blocks.kc) +
         " nc=" + std::to_string(p.blocks.nc);
}

void check_params(const Params& p) {
  find_kernel(p.tile);
  constexpr std::size_t kMaxBlock = 1 << 16, kMaxNc = 1 << 20;  // beyond these: a typo, not a block
  const auto in_range = [](const char* name, std::size_t v, std::size_t max) {
    if (v < 1 || v > max)
      throw std::invalid_argument(std::string("gemm blocking: ") + name + "=" + std::to_string(v) +
                                  " is out of range 1.." + std::to_string(max));
  };
  in_range("mc", p.blocks.mc, kMaxBlock);
  in_range("kc", p.blocks.kc, kMaxBlock);
  in_range("nc", p.blocks.nc, kMaxNc);
}

void macro_kernel(const MicroTile& t, const double* packed_a, const double* packed_b, std::size_t kc, Matrix& C,
                  std::size_t i0, std::size_t mc, std::size_t j0, std::size_t nc, bool accumulate) {
  const MicroKernel micro = find_kernel(t);
  const std::size_t MR = t.mr, NR = t.nr, ldc = C.cols();
  alignas(64) double edge[kMaxTile] = {};  // defined even before exercise 3a is written
  const std::size_t b_panels = panels(nc, NR), a_panels = panels(mc, MR);
  for (std::size_t q = 0; q < b_panels; ++q) {    // one packed panel of B stays in L1...
    const double* b = packed_b + q * kc * NR;
    const std::size_t cols = std::min(NR, nc - q * NR);
    for (std::size_t r = 0; r < a_panels; ++r) {  // ...while the panels of A stream from L2
      const double* a = packed_a + r * kc * MR;
      const std::size_t rows = std::min(MR, mc - r * MR);
      double* c = C.row(i0 + r * MR) + j0 + q * NR;
      if (rows == MR && cols == NR) {
        micro(kc, a, b, c, ldc, accumulate);
        continue;
      }
      // An edge tile: compute the full tile aside, write back only what lies inside C.
      micro(kc, a, b, edge, NR, false);
      for (std::size_t i = 0; i < rows; ++i) {
        const double* from = edge + i * NR;
        double* to = c + i * ldc;
        if (accumulate)
          std::transform(from, from + cols, to, to, std::plus<>());
        else
          std::copy(from, from + cols, to);
      }
    }
  }
}

}  // namespace parlab::omp::kernel
