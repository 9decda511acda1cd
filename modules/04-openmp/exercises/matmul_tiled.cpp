// Exercise 3b - the top of the ladder: packed panels, register tiles, SIMD, threads.
//
// gemm_kernel.hpp gives the three sequential pieces of a BLAS-style kernel:
// pack_b (a kc x nc block of B -> NR-wide panels), pack_a (an mc x kc block of
// A -> MR-tall panels) and macro_kernel (packed A block x packed B block -> C,
// MR x NR tile by tile with your micro-kernel of exercise 3a, which keeps the tile
// in registers). `p` says which tile (MR x NR) and which blocks (mc, kc, nc): the
// machine's (gemm_model.hpp). The sequential order of the blocks (Goto's algorithm) is:
//
//   for each column block jc of C and B (nc wide)
//     for each depth block pc (kc deep)
//       pack that block of B
//       for each row block ic of A and C (mc tall)
//         pack that block of A; macro_kernel on the two packed blocks
//
// Your part is making it parallel: which of these steps the team shares, which
// each thread does alone, and where the threads must wait for each other.
#include <algorithm>

#include "openmp.hpp"
#include "parlab/error.hpp"

namespace parlab::omp {

void matmul_tiled(const Matrix& A, const Matrix& B, Matrix& C, int threads, const kernel::Params& p) {
  using namespace kernel;
  check_shapes(A, B, C);
  check_params(p);
  const MicroTile& tile = p.tile;
  const Blocking& b = p.blocks;
  const std::size_t MR = tile.mr, NR = tile.nr;
  const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
  if (k == 0) return C.zero();
  const std::size_t nc = std::min(b.nc, round_up(n, NR)), kc = std::min(b.kc, k);
  // Row blocks of A (at most ~b.mc rows), as many as a multiple of the thread count
  // and as even as whole MR-row panels allow: no thread is left with an extra block.
  const std::size_t nblocks = round_up(panels(m, std::max(b.mc, MR)), std::max(threads, 1));
  const std::size_t mc = panels(panels(m, MR), nblocks) * MR;  // the largest block
  Buffer packed_b = make_buffer(packed_b_size(kc, nc, NR));  // shared by the team
  // BEGIN SOLUTION
#pragma omp parallel num_threads(threads)
  {
    Buffer packed_a = make_buffer(packed_a_size(mc, kc, MR));  // private: declared inside the region
    for (std::size_t jc = 0; jc < n; jc += nc) {
      const std::size_t ncur = std::min(nc, n - jc);
      for (std::size_t pc = 0; pc < k; pc += kc) {
        const std::size_t kcur = std::min(kc, k - pc);
        const long npanels = static_cast<long>(panels(ncur, NR));
#pragma omp for schedule(static)  // implicit barrier at the end: B is packed before anyone uses it
        for (long q = 0; q < npanels; ++q) {
          const std::size_t j = q * NR;
          pack_b(B, pc, kcur, jc + j, std::min(NR, ncur - j), NR, packed_b.get() + j * kcur);
        }
        // Even blocks: static would do on an idle machine; dynamic also copes with a
        // core that other programs share. Implicit barrier: nobody repacks B while it is read.
#pragma omp for schedule(dynamic, 1)
        for (long blk = 0; blk < long(nblocks); ++blk) {
          const std::size_t ic = block_start(m, nblocks, blk, MR), mcur = block_start(m, nblocks, blk + 1, MR) - ic;
          pack_a(A, ic, mcur, pc, kcur, MR, packed_a.get());
          macro_kernel(tile, packed_a.get(), packed_b.get(), kcur, C, ic, mcur, jc, ncur, pc > 0);
        }
      }
    }
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the loop nest of the header, run by one team of `threads` threads:
  // // the team packs each kc x nc block of B once, into the shared packed_b, then shares
  // // the row blocks of A (nblocks of them, block_start says where each starts), each
  // // thread packing its A block into its own buffer and calling macro_kernel on it.
  // // Constraint: nobody reads packed_b before it is complete, and nobody repacks it
  // // while another thread still reads it; one parallel region for the whole nest (not
  // // one per block); the first depth block overwrites C (macro_kernel's last argument).
  // // Look up: `omp parallel`, `omp for` and its implicit barrier, data-sharing rules
  // // (a variable declared inside the region is private); make_buffer / packed_a_size.
  // // Think: how many barriers does your nest cross per (jc, pc) block, and which of
  // // them could `nowait` remove without a race? Which schedule suits the A blocks when
  // // another program shares your cores?
  // (void)m, (void)mc, (void)nblocks, (void)threads, (void)packed_b, (void)tile;
  // throw not_implemented("matmul_tiled (modules/04-openmp/exercises/matmul_tiled.cpp)");
  // END STUDENT
}

}  // namespace parlab::omp
