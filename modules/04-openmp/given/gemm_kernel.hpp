// Packing and the register-tiled micro-kernel behind the `tiled` rung (given code,
// not the OpenMP lesson: read it, then write the parallel loops in matmul_tiled.cpp).
//
// The BLIS/GotoBLAS recipe in three pieces:
//   pack_b        copies a kc x nc block of B into NR-wide column panels (zero-padded),
//   pack_a        copies an mc x kc block of A into MR-tall row panels (zero-padded),
//   macro_kernel  multiplies a packed A block by a packed B block into C, one MR x NR
//                 tile of C at a time, each tile held in vector registers while the
//                 whole depth kc streams past (the micro-kernel: outer products of
//                 8-double vectors).
// Packing makes every inner load unit-stride and every tile full-size, so the
// micro-kernel needs no edge cases; the edges are handled once, when C is written.
#pragma once
#include <cstddef>
#include <memory>

#include "parlab/matrix.hpp"

namespace parlab::omp::kernel {

// The register tile: MR rows x NR columns of C. With 512-bit vectors (8 doubles)
// 14 x 16 is 28 accumulator registers of the 32 that AVX-512 has, leaving 2 for a
// row of B and 1 for a broadcast element of A: 28 FMAs per 2 loads. (8 x 16 works
// too, at about 85% of this speed here: fewer FMAs to hide each load behind.)
inline constexpr std::size_t MR = 14, NR = 16;

// Cache blocking: the MR-row panels of an mc x kc block of A stream past a kc x NR
// panel of B; the kc x nc block of B lives in L3. A deep kc amortises each write of
// the C tile over more FMAs. Measured here (n = 2048, 2 threads, same run as
// OpenBLAS): mc 192 / kc 256 gave 80% of OpenBLAS, mc 112 / kc 640 about 90%.
// Try others with the `Blocking` argument: the best values depend on the caches.
struct Blocking {
  std::size_t mc = 112, kc = 640, nc = 3072;
};

inline std::size_t round_up(std::size_t x, std::size_t m) { return (x + m - 1) / m * m; }
inline std::size_t panels(std::size_t x, std::size_t width) { return (x + width - 1) / width; }

// Rows of C cut into `blocks` blocks of whole MR-row panels, as even as can be
// (sizes differ by at most one panel): block b is rows [block_start(b), block_start(b+1)).
inline std::size_t block_start(std::size_t m, std::size_t blocks, std::size_t b) {
  const std::size_t start = b * panels(m, MR) / blocks * MR;
  return start < m ? start : m;
}

// Size in doubles of the packed buffers for a block.
inline std::size_t packed_a_size(std::size_t mc, std::size_t kc) { return round_up(mc, MR) * kc; }
inline std::size_t packed_b_size(std::size_t kc, std::size_t nc) { return round_up(nc, NR) * kc; }

// B[k0 : k0+kc, j0 : j0+nc] -> NR-wide panels, one after another (panel q at out + q*kc*NR).
void pack_b(const Matrix& B, std::size_t k0, std::size_t kc, std::size_t j0, std::size_t nc, double* out);

// A[i0 : i0+mc, k0 : k0+kc] -> MR-tall panels, one after another.
void pack_a(const Matrix& A, std::size_t i0, std::size_t mc, std::size_t k0, std::size_t kc, double* out);

// C[i0 : i0+mc, j0 : j0+nc] = (or +=, if accumulate) packed A block * packed B block.
void macro_kernel(const double* packed_a, const double* packed_b, std::size_t kc, Matrix& C, std::size_t i0,
                  std::size_t mc, std::size_t j0, std::size_t nc, bool accumulate);

// A 64-byte aligned scratch buffer of doubles (packing buffers).
struct AlignedFree {
  void operator()(double* p) const;
};
using Buffer = std::unique_ptr<double[], AlignedFree>;
Buffer make_buffer(std::size_t doubles);

}  // namespace parlab::omp::kernel
