// Exercise 1 - the hybrid matmul: ranks x threads.
//
// Module 05's row-block gives each rank a block of rows of A and all of B. Inside the rank
// the block is computed by one thread. Here several cooks share that kitchen: split the
// rank's rows among OpenMP threads. The MPI calls stay outside the parallel region, on
// the main thread (MPI_THREAD_FUNNELED). Threads share B in memory: one copy per node
// (per rank) instead of one per core - the saving that makes hybrid worth it at scale.
#include <omp.h>

#include <algorithm>

#include "hybrid.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

namespace parlab::hybrid {

void local_matmul_omp(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  const long m = long(C.rows());
  // One block of rows per thread: the local kernel (a BLAS dgemm) reads and packs all of B
  // on every call, so a few big calls beat many small ones.
  // BEGIN SOLUTION
#pragma omp parallel
  {
    const auto [r0, r1] = mpi::block_range(m, omp_get_num_threads(), omp_get_thread_num());
    mpi05::local_matmul_rows(A, B, C, std::size_t(r0), std::size_t(r1));
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO: an OpenMP parallel region in which each thread computes its block of rows,
  // // mpi::block_range(m, omp_get_num_threads(), omp_get_thread_num()), with
  // // mpi05::local_matmul_rows(A, B, C, r0, r1).
  // (void)m;
  // throw not_implemented("local_matmul_omp (modules/06-hybrid/matmul_omp_rows.cpp)");
  // END STUDENT
}

}  // namespace parlab::hybrid
