// Packing and the register-tiled micro-kernel (see gemm_kernel.hpp).
// Built with -mprefer-vector-width=512 (CMakeLists.txt): g++ 12 -march=native
// otherwise prefers 256-bit vectors on this CPU, and the 14 x 16 tile then needs
// twice the 16 registers AVX2 has: the accumulators spill to memory and the
// kernel loses most of its speed (measured: 16 instead of ~120 GFLOP/s on 2 threads).
#include "gemm_kernel.hpp"

#include <algorithm>
#include <cstdlib>
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

// One MR x NR tile of C: kc rank-1 updates of a tile held in registers.
// `a` is an MR-tall packed panel, `b` an NR-wide packed panel. Always a FULL tile,
// so every index is a constant and the compiler keeps t[][] in registers (an edge
// tile goes through a scratch tile first, see below).
inline void micro_kernel(std::size_t kc, const double* __restrict a, const double* __restrict b,
                         double* __restrict c, std::size_t ldc, bool accumulate) {
  for (std::size_t i = 0; i < MR; ++i) __builtin_prefetch(c + i * ldc, 1);  // C arrives while we compute
  double t[MR][NR] = {};
  for (std::size_t p = 0; p < kc; ++p, a += MR, b += NR) {
    __builtin_prefetch(a + 8 * MR);  // the A panel streams from L2: ask for it early
    for (std::size_t i = 0; i < MR; ++i) {
      const double ai = a[i];
#pragma omp simd
      for (std::size_t j = 0; j < NR; ++j) t[i][j] += ai * b[j];
    }
  }
  for (std::size_t i = 0; i < MR; ++i) {
    double* ci = c + i * ldc;
#pragma omp simd
    for (std::size_t j = 0; j < NR; ++j) ci[j] = accumulate ? ci[j] + t[i][j] : t[i][j];
  }
}

}  // namespace

void macro_kernel(const double* packed_a, const double* packed_b, std::size_t kc, Matrix& C, std::size_t i0,
                  std::size_t mc, std::size_t j0, std::size_t nc, bool accumulate) {
  const std::size_t ldc = C.cols();
  alignas(64) double edge[MR * NR];
  for (std::size_t jr = 0; jr < nc; jr += NR) {    // one NR-wide panel of B stays in L1...
    const double* b = packed_b + (jr / NR) * kc * NR;
    for (std::size_t ir = 0; ir < mc; ir += MR) {  // ...while the panels of A stream from L2
      const double* a = packed_a + (ir / MR) * kc * MR;
      double* c = C.row(i0 + ir) + j0 + jr;
      const std::size_t rows = std::min(MR, mc - ir), cols = std::min(NR, nc - jr);
      if (rows == MR && cols == NR) {
        micro_kernel(kc, a, b, c, ldc, accumulate);
        continue;
      }
      // An edge tile: compute the full tile aside, write back only what lies inside C.
      micro_kernel(kc, a, b, edge, NR, false);
      for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j)
          c[i * ldc + j] = accumulate ? c[i * ldc + j] + edge[i * NR + j] : edge[i * NR + j];
    }
  }
}

}  // namespace parlab::omp::kernel
