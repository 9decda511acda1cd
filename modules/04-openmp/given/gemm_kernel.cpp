// Packing and the register-tiled micro-kernel (see gemm_kernel.hpp).
// Built with -mprefer-vector-width=512 (CMakeLists.txt): g++ 12 -march=native
// otherwise prefers 256-bit vectors on this CPU, and the 14 x 16 tile then needs
// twice the 16 registers AVX2 has: the accumulators spill to memory and the
// kernel loses most of its speed (measured: 16 instead of ~120 GFLOP/s on 2 threads).
#include "gemm_kernel.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <stdexcept>
#include <utility>

namespace parlab::omp::kernel {

void AlignedFree::operator()(double* p) const { std::free(p); }

Buffer make_buffer(std::size_t doubles) {
  const std::size_t bytes = round_up(std::max<std::size_t>(doubles, 1) * sizeof(double), 64);
  auto* p = static_cast<double*>(std::aligned_alloc(64, bytes));
  if (!p) throw std::bad_alloc();
  return Buffer(p);
}

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

// A row of the register tile in pieces of 8 doubles (512 bits): the compiler's generic
// vectors, which it maps to one AVX-512 register, two AVX ones or four SSE ones.
using Vec = double __attribute__((vector_size(64)));
constexpr std::size_t VW = sizeof(Vec) / sizeof(double);
// (Vectors move with memcpy, never as a function's argument or result: without AVX-512
// their calling convention differs between compilers, and g++ warns about it.)

// The tiles this build has. 14x16, 12x16, 8x16, 9x24, 30x8 fit AVX-512's 32 registers of
// 8 doubles; 14x8 its 32 of 4 (256-bit vectors); 6x8 and 4x8 AVX2's 16 of 4; 2x8 SSE's
// 16 of 2 (gemm_model.cpp counts). Each is one more micro-kernel to compile and to test.
constexpr MicroTile kTiles[] = {{14, 16, 1}, {14, 16, 2}, {12, 16, 1}, {8, 16, 1}, {9, 24, 1}, {30, 8, 1},
                           {14, 8, 1},  {6, 8, 1},   {6, 8, 2},   {4, 8, 1},  {2, 8, 1}};
constexpr std::size_t kMaxTile = [] {
  std::size_t m = 0;
  for (const MicroTile& t : kTiles) m = std::max(m, t.mr * t.nr);
  return m;
}();

// One step of the depth: column p of the packed A panel (MR numbers) times row p of the
// packed B panel (NR numbers, NV vectors), added into the MR x NV vector accumulators.
template <std::size_t MR, std::size_t NV>
[[gnu::always_inline]] inline void outer_product(Vec (&acc)[MR][NV], const double* __restrict a,
                                                 const double* __restrict b) {
  Vec brow[NV];
#pragma GCC unroll 4
  for (std::size_t v = 0; v < NV; ++v) std::memcpy(&brow[v], b + v * VW, sizeof(Vec));
#pragma GCC unroll 32
  for (std::size_t r = 0; r < MR; ++r)
#pragma GCC unroll 4
    for (std::size_t v = 0; v < NV; ++v) acc[r][v] += a[r] * brow[v];  // a[r] is broadcast
}

// One MR x NR tile of C as a sum of kc outer products. The tile is MR x NV vector
// accumulators that stay in registers for the whole depth: the loops over the tile are
// unrolled, so every index is a constant; the depth loop is unrolled U times. Always a
// FULL tile (an edge tile goes through a scratch tile first, see below).
template <std::size_t MR, std::size_t NV, std::size_t U>
void micro_kernel(std::size_t kc, const double* __restrict a, const double* __restrict b, double* __restrict c,
                  std::size_t ldc, bool accumulate) {
  constexpr std::size_t NR = NV * VW;
  for (std::size_t r = 0; r < MR; ++r) __builtin_prefetch(c + r * ldc, 1);  // C arrives while we compute
  Vec acc[MR][NV] = {};
  std::size_t p = 0;
  for (; p + U <= kc; p += U, a += U * MR, b += U * NR) {
    __builtin_prefetch(a + 8 * MR);  // the A panel streams from L2: ask for it early
#pragma GCC unroll 8
    for (std::size_t u = 0; u < U; ++u) outer_product<MR, NV>(acc, a + u * MR, b + u * NR);
  }
  if constexpr (U > 1)
    for (; p < kc; ++p, a += MR, b += NR) outer_product<MR, NV>(acc, a, b);
#pragma GCC unroll 32
  for (std::size_t r = 0; r < MR; ++r)
#pragma GCC unroll 4
    for (std::size_t v = 0; v < NV; ++v) {
      double* dst = c + r * ldc + v * VW;  // no alignment assumed: C's rows start anywhere
      Vec out = acc[r][v];
      if (accumulate) {
        Vec old;
        std::memcpy(&old, dst, sizeof(Vec));
        out += old;
      }
      std::memcpy(dst, &out, sizeof(Vec));
    }
}

// The micro-kernel of each compiled tile, in kTiles' order: chosen at run time.
using MicroKernel = void (*)(std::size_t, const double*, const double*, double*, std::size_t, bool);
template <std::size_t I>
constexpr MicroKernel kernel_of() {
  constexpr MicroTile t = kTiles[I];
  static_assert(t.nr % VW == 0, "a tile row is whole vectors");
  return &micro_kernel<t.mr, t.nr / VW, t.unroll>;
}
template <std::size_t... I>
constexpr std::array<MicroKernel, sizeof...(I)> kernels(std::index_sequence<I...>) {
  return {kernel_of<I>()...};
}
constexpr auto kKernels = kernels(std::make_index_sequence<std::size(kTiles)>{});

MicroKernel find_kernel(const MicroTile& t) {
  for (std::size_t i = 0; i < std::size(kTiles); ++i)
    if (kTiles[i] == t) return kKernels[i];
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
  alignas(64) double edge[kMaxTile];
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
