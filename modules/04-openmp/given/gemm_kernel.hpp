// Packing and the macro-kernel behind the `tiled` rung (given code: read it). The two
// exercises it calls and is called by: the micro-kernel (exercise 3a,
// matmul_micro_kernel.cpp; micro_kernel.hpp) and the parallel loops (3b, matmul_tiled.cpp).
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
//
// Which tile and which blocks: the machine decides (gemm_model.hpp): a model of its
// registers and caches, or what `make tune` measured, or PARLAB_GEMM.
#pragma once
#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "parlab/matrix.hpp"

namespace parlab::omp::kernel {

// The register tile: mr rows x nr columns of C, the depth loop unrolled `unroll` times.
// A tile is a template instantiated at compile time (every index a constant, so the
// accumulators can live in registers); compiled_tiles() lists those this build has, and
// the kernel picks one of them at run time (the instances: micro_kernel.hpp). With 512-bit vectors (8 doubles) 14 x 16 is
// 28 accumulator registers of the 32 that AVX-512 has, leaving 2 for a row of B and 1 for
// a broadcast element of A: 28 FMAs per 2 loads.
struct MicroTile {
  std::size_t mr = 14, nr = 16, unroll = 1;
  bool operator==(const MicroTile&) const = default;
};
std::span<const MicroTile> compiled_tiles();
bool compiled(const MicroTile& t);

// Cache blocking: the MR-row panels of an mc x kc block of A stream past a kc x NR
// panel of B; the kc x nc block of B lives in L3. A deep kc amortises each write of
// the C tile over more FMAs. The best values depend on the caches (gemm_model.hpp).
struct Blocking {
  std::size_t mc = 112, kc = 640, nc = 3072;
  bool operator==(const Blocking&) const = default;
};

struct Params {
  MicroTile tile;
  Blocking blocks;
  bool operator==(const Params&) const = default;
};
// "14x16 unroll=1 mc=112 kc=640 nc=3072"
std::string to_text(const Params& p);
// Throws std::invalid_argument naming what is wrong: a tile this build does not have,
// a block size of 0 or too large to allocate sensibly.
void check_params(const Params& p);

inline std::size_t round_up(std::size_t x, std::size_t m) { return (x + m - 1) / m * m; }
inline std::size_t panels(std::size_t x, std::size_t width) { return (x + width - 1) / width; }

// Rows of C cut into `blocks` blocks of whole mr-row panels, as even as can be
// (sizes differ by at most one panel): block b is rows [block_start(b), block_start(b+1)).
inline std::size_t block_start(std::size_t m, std::size_t blocks, std::size_t b, std::size_t mr) {
  const std::size_t start = b * panels(m, mr) / blocks * mr;
  return start < m ? start : m;
}

// Size in doubles of the packed buffers for a block.
inline std::size_t packed_a_size(std::size_t mc, std::size_t kc, std::size_t mr) { return round_up(mc, mr) * kc; }
inline std::size_t packed_b_size(std::size_t kc, std::size_t nc, std::size_t nr) { return round_up(nc, nr) * kc; }

// B[k0 : k0+kc, j0 : j0+nc] -> nr-wide panels, one after another (panel q at out + q*kc*nr).
void pack_b(const Matrix& B, std::size_t k0, std::size_t kc, std::size_t j0, std::size_t nc, std::size_t nr,
            double* out);

// A[i0 : i0+mc, k0 : k0+kc] -> mr-tall panels, one after another.
void pack_a(const Matrix& A, std::size_t i0, std::size_t mc, std::size_t k0, std::size_t kc, std::size_t mr,
            double* out);

// C[i0 : i0+mc, j0 : j0+nc] = (or +=, if accumulate) packed A block * packed B block,
// packed for tile t (its mr and nr).
void macro_kernel(const MicroTile& t, const double* packed_a, const double* packed_b, std::size_t kc, Matrix& C,
                  std::size_t i0, std::size_t mc, std::size_t j0, std::size_t nc, bool accumulate);

// A 64-byte aligned scratch buffer of doubles (packing buffers), kept for the next
// make_buffer when freed (packing_buffers.cpp).
struct AlignedFree {
  std::size_t bytes = 0;  // what the buffer holds
  void operator()(double* p) const;
};
using Buffer = std::unique_ptr<double[], AlignedFree>;
Buffer make_buffer(std::size_t doubles);

}  // namespace parlab::omp::kernel
