// Exercise 3 - the top of the ladder: packed panels, register tiles, SIMD, threads.
//
// gemm_kernel.hpp gives the three sequential pieces of a BLAS-style kernel:
// pack_b (a kc x nc block of B -> NR-wide panels), pack_a (an mc x kc block of
// A -> MR-tall panels) and macro_kernel (packed A block x packed B block -> C,
// MR x NR tile by tile with an `omp simd` micro-kernel that keeps the tile in
// registers). Your part is the parallel loop nest around them:
//
//   for jc over n in steps of nc            (every thread walks these together)
//     for pc over k in steps of kc
//       pack B[pc.., jc..]  - ONCE, shared: the team splits the panels (omp for)
//       (barrier: nobody may read the packed B before it is complete)
//       for ic over m in steps of mc        - split among the threads (omp for)
//         pack A[ic.., pc..] into this thread's own buffer
//         macro_kernel(...), accumulate unless pc == 0 (the first depth block
//                                                       overwrites C: no C.zero())
//       (barrier: nobody may repack B while others still read it)
#include <algorithm>

#include "openmp.hpp"
#include "parlab/error.hpp"

namespace parlab::omp {

void matmul_tiled(const Matrix& A, const Matrix& B, Matrix& C, int threads, kernel::Blocking b) {
  using namespace kernel;
  check_shapes(A, B, C);
  const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
  if (k == 0) return C.zero();
  const std::size_t nc = std::min(b.nc, round_up(n, NR)), kc = std::min(b.kc, k);
  // Row blocks of A (at most ~b.mc rows), as many as a multiple of the thread count
  // and as even as whole MR-row panels allow: no thread is left with an extra block.
  const std::size_t nblocks = round_up(panels(m, std::max(b.mc, MR)), std::max(threads, 1));
  const std::size_t mc = panels(panels(m, MR), nblocks) * MR;  // the largest block
  Buffer packed_b = make_buffer(packed_b_size(kc, nc));  // shared by the team
  // BEGIN SOLUTION
#pragma omp parallel num_threads(threads)
  {
    Buffer packed_a = make_buffer(packed_a_size(mc, kc));  // private: declared inside the region
    for (std::size_t jc = 0; jc < n; jc += nc) {
      const std::size_t ncur = std::min(nc, n - jc);
      for (std::size_t pc = 0; pc < k; pc += kc) {
        const std::size_t kcur = std::min(kc, k - pc);
        const long npanels = static_cast<long>(panels(ncur, NR));
#pragma omp for schedule(static)  // implicit barrier at the end: B is packed before anyone uses it
        for (long q = 0; q < npanels; ++q) {
          const std::size_t j = q * NR;
          pack_b(B, pc, kcur, jc + j, std::min(NR, ncur - j), packed_b.get() + j * kcur);
        }
        // Even blocks: static would do on an idle machine; dynamic also copes with a
        // core that other programs share. Implicit barrier: nobody repacks B while it is read.
#pragma omp for schedule(dynamic, 1)
        for (long blk = 0; blk < long(nblocks); ++blk) {
          const std::size_t ic = block_start(m, nblocks, blk), mcur = block_start(m, nblocks, blk + 1) - ic;
          pack_a(A, ic, mcur, pc, kcur, packed_a.get());
          macro_kernel(packed_a.get(), packed_b.get(), kcur, C, ic, mcur, jc, ncur, pc > 0);
        }
      }
    }
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO: open one parallel region (num_threads(threads)) around the loop nest above.
  // // Inside it: a private packing buffer for A, make_buffer(packed_a_size(mc, kc));
  // // the loops jc (by nc) and pc (by kc) run by every thread; pack the NR-wide panels
  // // of B with an `omp for` (panel q covers columns jc + q*NR, packed at
  // // packed_b.get() + q*NR*kcur); then an `omp for` over the mc-row blocks of A:
  // // block blk is rows ic = block_start(m, nblocks, blk) up to block_start(m, nblocks, blk + 1):
  // // pack_a, then macro_kernel(packed_a, packed_b, kcur, C, ic, mcur, jc, ncur, pc > 0).
  // // Which implicit barriers does this rely on, and why are both needed?
  // (void)m, (void)mc, (void)nblocks, (void)threads, (void)packed_b;
  // throw not_implemented("matmul_tiled (modules/04-openmp/matmul_tiled.cpp)");
  // END STUDENT
}

}  // namespace parlab::omp
