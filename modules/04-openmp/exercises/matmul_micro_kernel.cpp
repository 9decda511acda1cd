// Exercise 3a - the micro-kernel: one register tile of C, in vector registers (SIMD).
//
// The tiled rung (exercise 3b) packs A into MR-tall panels and B into NR-wide panels
// (zero-padded, so every tile is full) and hands each pair of panels to this function,
// once per MR x NR tile of C. Everything else of the rung's speed depends on this
// function keeping the tile in registers while the whole depth kc streams past.
//
// It is a template: MR rows, NV vectors of VW doubles per row (NR = NV * VW), the depth
// loop unrolled U times. Every tile of kTiles (micro_kernel.hpp) is one instance, and the
// kernel chooses one at run time (gemm_model.hpp; PARLAB_GEMM=8x16 picks one by hand).
// Built with -mprefer-vector-width=512 where the CPU has AVX-512 (CMakeLists.txt).
#include <cstring>

#include "micro_kernel.hpp"

namespace parlab::omp::kernel {

// BEGIN SOLUTION
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
// END SOLUTION

template <std::size_t MR, std::size_t NV, std::size_t U>
void micro_kernel(std::size_t kc, const double* __restrict a, const double* __restrict b, double* __restrict c,
                  std::size_t ldc, bool accumulate) {
  // BEGIN SOLUTION
  // The tile is MR x NV vector accumulators that stay in registers for the whole depth:
  // the loops over the tile are unrolled, so every index is a constant.
  constexpr std::size_t NR = NV * VW, kAhead = 16, kLine = 64 / sizeof(double);
  // C arrives while we compute: every cache line of the tile (a row of NR doubles may
  // start anywhere: its last double covers the far end).
  for (std::size_t r = 0; r < MR; ++r) {
#pragma GCC unroll 4
    for (std::size_t x = 0; x < NR; x += kLine) __builtin_prefetch(c + r * ldc + x, 1);
    __builtin_prefetch(c + r * ldc + NR - 1, 1);
  }
  Vec acc[MR][NV] = {};
  std::size_t p = 0;
  for (; p + U <= kc; p += U, a += U * MR, b += U * NR) {
    // Both panels stream from L2 (a deep kc does not fit L1): ask for them kAhead steps
    // early, a few hundred cycles, about L2's latency under load (measured: 8 steps lost
    // 2-4% against 16 and 32).
#pragma GCC unroll 8
    for (std::size_t x = 0; x < U * MR; x += kLine) __builtin_prefetch(a + kAhead * MR + x);
#pragma GCC unroll 8
    for (std::size_t x = 0; x < U * NR; x += kLine) __builtin_prefetch(b + kAhead * NR + x);
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
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the MR x NR tile at c (rows ldc apart) = (or +=, if accumulate) the
  // // packed A panel times the packed B panel: kc steps, step p adds the outer product of
  // // column p of A's panel (MR numbers at a + p*MR) and row p of B's panel (NR = NV*VW
  // // numbers at b + p*NR). Unroll the depth loop U times (kc need not divide by U).
  // // Constraint: the tile stays in registers for the whole depth: MR x NV accumulators
  // // of type Vec, every index into them a compile-time constant (loops the compiler
  // // unrolls completely), C read and written once, after the depth loop. C's rows start
  // // anywhere (no alignment): move a Vec to and from memory with std::memcpy.
  // // Until this is written, the tiled rung fails validation; the others still run.
  // // Look up: `#pragma omp simd` (one row of the tile as vector lanes: does a tile
  // // held in a double array stay in registers? `objdump -d` shows zmm or the stack),
  // // the compiler's vector types (Vec in micro_kernel.hpp: `x * v` broadcasts a
  // // double), `#pragma GCC unroll`.
  // // Think: the README counts the registers of a 14x16 tile on AVX-512 (28 + 2 + 1).
  // // Count them for 9x24, 30x8 and a single row of C (1x16): which fit in 32, and how
  // // many FMAs per number loaded does each do? Predict their order, then measure it on
  // // one thread: PARLAB_GEMM=9x24 (then 30x8, 14x16) omp_matmul --n 1024 --threads 1
  // // --variants tiled. Why a tile of MR rows and not one long row, and which tiles of
  // // kTiles would spill on AVX2 (16 registers of 4 doubles)?
  // (void)kc, (void)a, (void)b, (void)c, (void)ldc, (void)accumulate;
  // END STUDENT
}

// Given: your template, compiled for every tile of kTiles (here, where its body is).
const std::array<MicroKernel, kTileCount>& micro_kernels() {
  static constexpr auto table = micro_kernel_table(std::make_index_sequence<kTileCount>{});
  return table;
}

}  // namespace parlab::omp::kernel
