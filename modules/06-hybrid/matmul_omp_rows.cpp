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

namespace parlab::hybrid {

void local_matmul_omp(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  const long m = long(C.rows());
  constexpr long chunk = 32;  // rows per piece of work: several per thread, balanced by the runtime
  // BEGIN SOLUTION
#pragma omp parallel for schedule(dynamic, 1)
  for (long i0 = 0; i0 < m; i0 += chunk)
    mpi05::local_matmul_rows(A, B, C, std::size_t(i0), std::size_t(std::min(i0 + chunk, m)));
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): this rank's C = A * B with its OpenMP threads: the rows cut into
  // // pieces of `chunk` rows (the last one shorter), each piece computed by
  // // mpi05::local_matmul_rows, the pieces shared among the threads.
  // // Constraint: no MPI call inside the parallel region; no two threads write one row.
  // // Look up: `omp parallel for` over a loop with a step, schedule kinds.
  // // Think: 2 ranks x 1 thread or 1 rank x 2 threads on the same 2 cores: which moves
  // // fewer bytes, and which is faster? Measure both (REPORT.md).
  // (void)m, (void)chunk;
  // throw not_implemented("local_matmul_omp (modules/06-hybrid/matmul_omp_rows.cpp)");
  // END STUDENT
}

}  // namespace parlab::hybrid
