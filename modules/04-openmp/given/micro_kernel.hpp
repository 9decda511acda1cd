// The register tile's micro-kernel: what the tiled rung's kernel (gemm_kernel.cpp) and your
// micro-kernel (exercises/matmul_micro_kernel.cpp, exercise 3a) share. Given code.
//
// The micro-kernel is a template over the tile's shape, so that every index into the tile
// is a compile-time constant and its accumulators can live in registers. This build
// compiles one instance per tile of kTiles; the kernel picks one at run time (the model,
// `make tune` or PARLAB_GEMM: gemm_model.hpp).
#pragma once
#include <array>
#include <cstddef>
#include <utility>

#include "gemm_kernel.hpp"

namespace parlab::omp::kernel {

// A row of the register tile in pieces of 8 doubles (512 bits): the compiler's generic
// vectors, which it maps to one AVX-512 register, two AVX ones or four SSE ones.
// `x * v` with a double x multiplies every lane (a broadcast); + and += work lane by lane.
// (Move a Vec with std::memcpy, never as a function's argument or result: without
// AVX-512 their calling convention differs between compilers, and g++ warns about it.)
using Vec = double __attribute__((vector_size(64)));
inline constexpr std::size_t VW = sizeof(Vec) / sizeof(double);

// The tiles this build has. 14x16, 12x16, 8x16, 9x24, 30x8 fit AVX-512's 32 registers of
// 8 doubles; 14x8 its 32 of 4 (256-bit vectors); 6x8 and 4x8 AVX2's 16 of 4; 2x8 SSE's
// 16 of 2 (gemm_model.cpp counts). Each is one more micro-kernel to compile and to test.
inline constexpr MicroTile kTiles[] = {{14, 16, 1}, {14, 16, 2}, {12, 16, 1}, {8, 16, 1}, {9, 24, 1}, {30, 8, 1},
                                       {14, 8, 1},  {6, 8, 1},   {6, 8, 2},   {4, 8, 1},  {2, 8, 1}};
inline constexpr std::size_t kTileCount = std::size(kTiles);
static_assert([] {
  for (const MicroTile& t : kTiles)
    if (t.nr % VW != 0 || t.unroll < 1) return false;
  return true;
}(), "a tile row is whole vectors, the depth unrolled at least once");

// One FULL MR x NR tile of C (NR = NV * VW), rows `ldc` apart: C = (or +=, if accumulate)
// the packed A panel (kc columns of MR numbers, one after another) times the packed B
// panel (kc rows of NR numbers), the depth loop unrolled U times. Exercise 3a.
template <std::size_t MR, std::size_t NV, std::size_t U>
void micro_kernel(std::size_t kc, const double* __restrict a, const double* __restrict b, double* __restrict c,
                  std::size_t ldc, bool accumulate);

using MicroKernel = void (*)(std::size_t, const double*, const double*, double*, std::size_t, bool);

// The instance of micro_kernel for each tile of kTiles, in kTiles' order. Built where the
// template's body is (the exercise file), so that is where the instances are compiled.
template <std::size_t... I>
constexpr std::array<MicroKernel, sizeof...(I)> micro_kernel_table(std::index_sequence<I...>) {
  return {&micro_kernel<kTiles[I].mr, kTiles[I].nr / VW, kTiles[I].unroll>...};
}
const std::array<MicroKernel, kTileCount>& micro_kernels();

}  // namespace parlab::omp::kernel
