// Exercise 1 - a parallel loop over the rows of C (exercise 2: matmul_collapse.cpp).
//
// The cooks share one kitchen (one address space), and OpenMP hands them the
// iterations of a loop: `#pragma omp parallel for` starts a team of threads and
// splits the iteration space among them. Each iteration must touch data no other
// iteration writes - here each writes its own rows
// of C - so no locks are needed. The arithmetic is common/'s matmul_rows; your part
// is the directive and the loop it applies to.
#include <algorithm>

#include "openmp.hpp"
#include "parlab/error.hpp"
#include "parlab/matmul.hpp"

namespace parlab::omp {

void matmul_parallel_rows(const Matrix& A, const Matrix& B, Matrix& C, int threads) {
  check_shapes(A, B, C);
  const long m = static_cast<long>(C.rows());
  // BEGIN SOLUTION
#pragma omp parallel for schedule(static) num_threads(threads)
  for (long i = 0; i < m; ++i) matmul_rows(A, B, C, i, i + 1);  // row i of C is this iteration's alone
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): C = A * B on `threads` threads, the rows of C shared among them, each
  // // row computed by the given kernel matmul_rows.
  // // Constraint: no locks and no atomics: make sure no two threads ever write the same
  // // element of C. The thread count comes from the argument, not from OMP_NUM_THREADS.
  // // Look up: `#pragma omp parallel for`, the clauses num_threads and schedule.
  // // Think: every row reads all of B. On 2 threads, is this rung limited by the cores or
  // // by the memory? Predict its 2-thread speedup over its own 1-thread run, then measure
  // // (omp_matmul --threads 1,2 --variants parallel_rows).
  // (void)m, (void)threads;
  // throw not_implemented("matmul_parallel_rows (modules/04-openmp/exercises/matmul_parallel_rows.cpp)");
  // END STUDENT
}

}  // namespace parlab::omp
