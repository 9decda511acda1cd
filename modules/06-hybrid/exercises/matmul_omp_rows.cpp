// Exercise 1 - the hybrid matmul: ranks x threads.
//
// The given distribution (matmul_row_slots, given/row_slots.cpp) gives each rank a slot of
// rows of A and all of B; with one thread per rank, one cook computes the slot. Here
// several cooks share that kitchen: split the rank's rows among OpenMP threads. The MPI calls stay outside the parallel region, on
// the main thread (MPI_THREAD_FUNNELED). Threads share B in memory: one copy per node
// (per rank) instead of one per core - the saving that makes hybrid worth it at scale.
#include <omp.h>

#include <algorithm>

#include "hybrid.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

namespace parlab::hybrid {

void local_matmul_omp(const Matrix& A, const Matrix& B, Matrix& C, int threads) {
  check_shapes(A, B, C);
  const long m = long(C.rows());
  // One block of rows per thread: the local kernel (a BLAS dgemm) reads and packs all of B
  // on every call, so a few big calls beat many small ones.
  // BEGIN SOLUTION
#pragma omp parallel num_threads(threads)
  {
    const auto [r0, r1] = block_range(m, omp_get_num_threads(), omp_get_thread_num());
    mpi05::local_matmul_rows(A, B, C, std::size_t(r0), std::size_t(r1));
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): this rank's C = A * B with `threads` OpenMP threads, each thread
  // // computing one contiguous block of the rows with mpi05::local_matmul_rows.
  // // Constraint: no MPI call inside the parallel region; no two threads write one row;
  // // few, big calls: the local kernel (a BLAS dgemm) reads and packs all of B per call;
  // // the region asks for its threads itself, whatever OMP_NUM_THREADS says.
  // // Look up: `omp parallel`, the num_threads clause, omp_get_num_threads,
  // // omp_get_thread_num, block_range.
  // // Think: 2 ranks x 1 thread or 1 rank x 2 threads on the same 2 cores: which moves
  // // fewer bytes, and which is faster? Measure both (REPORT.md).
  // (void)m, (void)threads;
  // throw not_implemented("local_matmul_omp (modules/06-hybrid/exercises/matmul_omp_rows.cpp)");
  // END STUDENT
}

}  // namespace parlab::hybrid
