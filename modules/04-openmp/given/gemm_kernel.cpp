// Packing and the register-tiled micro-kernel (see gemm_kernel.hpp).
// Built with -mprefer-vector-width=512 (CMakeLists.txt): g++ 12 -march=native
// otherwise prefers 256-bit vectors on this CPU, and the 14 x 16 tile then needs
// twice the 16 registers AVX2 has: the accumulators spill to memory and the
// kernel loses most of its speed (measured: 16 instead of ~120 GFLOP/s on 2 threads).
#include "gemm_kernel.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>

namespace parlab::omp::kernel {

void AlignedFree::operator()(double* p) const { std::free(p); }

Buffer make_buffer(std::size_t doubles) {
  const std::size_t bytes = round_up(std::max<std::size_t>(doubles, 1) * sizeof(double), 64);
  auto* p = static_cast<double*>(std::aligned_alloc(64, bytes));
  if (!p) throw std::bad_alloc();
  return Buffer(p);
}

void pack_b(const Matrix& B, std::size_t k0, std::size_t kc, std::size_t j0, std::size_t nc, double* out) {
  for (std::size_t q = 0; q < nc; q += NR) {
    const std::size_t w = std::min(NR, nc - q);
    for (std::size_t p = 0; p < kc; ++p) {
      const double* src = B.row(k0 + p) + j0 + q;
      std::size_t j = 0;
      for (; j < w; ++j) out[j] = src[j];
      for (; j < NR; ++j) out[j] = 0.0;  // padding: the kernel computes full tiles
      out += NR;
    }
  }
}

void pack_a(const Matrix& A, std::size_t i0, std::size_t mc, std::size_t k0, std::size_t kc, double* out) {
  for (std::size_t r = 0; r < mc; r += MR) {
    const std::size_t h = std::min(MR, mc - r);
    for (std::size_t p = 0; p < kc; ++p) {
      std::size_t i = 0;
      for (; i < h; ++i) out[i] = A(i0 + r + i, k0 + p);  // column p of the panel, contiguous
      for (; i < MR; ++i) out[i] = 0.0;
      out += MR;
    }
  }
}

namespace {

// A row of the register tile in pieces of 8 doubles (512 bits): the compiler's generic
// vectors, which it maps to one AVX-512 register, two AVX ones or four SSE ones.
using Vec = double __attribute__((vector_size(64)));
constexpr std::size_t VW = sizeof(Vec) / sizeof(double), NV = NR / VW;
static_assert(NR % VW == 0, "a tile row is whole vectors");
// (Vectors move with memcpy, never as a function's argument or result: without AVX-512
// their calling convention differs between compilers, and g++ warns about it.)

// One MR x NR tile of C as a sum of kc outer products: column p of the packed A panel
// (MR numbers) times row p of the packed B panel (NR numbers, NV vectors). The tile is
// MR x NV vector accumulators that stay in registers for the whole depth: the loops over
// the tile are unrolled, so every index is a constant. Always a FULL tile (an edge tile
// goes through a scratch tile first, see below).
inline void micro_kernel(std::size_t kc, const double* __restrict a, const double* __restrict b,
                         double* __restrict c, std::size_t ldc, bool accumulate) {
  for (std::size_t r = 0; r < MR; ++r) __builtin_prefetch(c + r * ldc, 1);  // C arrives while we compute
  Vec acc[MR][NV] = {};
  for (std::size_t p = 0; p < kc; ++p, a += MR, b += NR) {
    __builtin_prefetch(a + 8 * MR);  // the A panel streams from L2: ask for it early
    Vec brow[NV];
#pragma GCC unroll 4
    for (std::size_t v = 0; v < NV; ++v) std::memcpy(&brow[v], b + v * VW, sizeof(Vec));
#pragma GCC unroll 16
    for (std::size_t r = 0; r < MR; ++r)
#pragma GCC unroll 4
      for (std::size_t v = 0; v < NV; ++v) acc[r][v] += a[r] * brow[v];  // a[r] is broadcast
  }
#pragma GCC unroll 16
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

}  // namespace

void macro_kernel(const double* packed_a, const double* packed_b, std::size_t kc, Matrix& C, std::size_t i0,
                  std::size_t mc, std::size_t j0, std::size_t nc, bool accumulate) {
  const std::size_t ldc = C.cols();
  alignas(64) double edge[MR * NR];
  const std::size_t b_panels = panels(nc, NR), a_panels = panels(mc, MR);
  for (std::size_t q = 0; q < b_panels; ++q) {    // one packed panel of B stays in L1...
    const double* b = packed_b + q * kc * NR;
    const std::size_t cols = std::min(NR, nc - q * NR);
    for (std::size_t r = 0; r < a_panels; ++r) {  // ...while the panels of A stream from L2
      const double* a = packed_a + r * kc * MR;
      const std::size_t rows = std::min(MR, mc - r * MR);
      double* c = C.row(i0 + r * MR) + j0 + q * NR;
      if (rows == MR && cols == NR) {
        micro_kernel(kc, a, b, c, ldc, accumulate);
        continue;
      }
      // An edge tile: compute the full tile aside, write back only what lies inside C.
      micro_kernel(kc, a, b, edge, NR, false);
      for (std::size_t r = 0; r < rows; ++r) {
        const double* from = edge + r * NR;
        double* to = c + r * ldc;
        if (accumulate)
          std::transform(from, from + cols, to, to, std::plus<>());
        else
          std::copy(from, from + cols, to);
      }
    }
  }
}

}  // namespace parlab::omp::kernel
