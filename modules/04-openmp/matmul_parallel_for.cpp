// Exercises 1 and 2 - parallel loops.
//
// The cooks share one kitchen (one address space), and OpenMP hands them the
// iterations of a loop: `#pragma omp parallel for` starts a team of threads and
// splits the iteration space among them. Each iteration must touch data no other
// iteration writes - here each writes its own rows (ex. 1) or its own tile (ex. 2)
// of C - so no locks are needed. The arithmetic is common/'s matmul_rows and
// matmul_tile; your part is the directive and the loops it applies to.
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
  // throw not_implemented("matmul_parallel_rows (modules/04-openmp/matmul_parallel_for.cpp)");
  // END STUDENT
}

void matmul_collapse(const Matrix& A, const Matrix& B, Matrix& C, int threads, Tiles t) {
  check_shapes(A, B, C);
  C.zero();
  const int ti = tile_count(C.rows(), t.bi), tj = tile_count(C.cols(), t.bj);
  // BEGIN SOLUTION
  // A few row blocks may be fewer than the threads (small m): collapse(2) makes the
  // ti x tj tiles of C one iteration space, so every thread gets work.
#pragma omp parallel for collapse(2) schedule(static) num_threads(threads)
  for (int bi = 0; bi < ti; ++bi)
    for (int bj = 0; bj < tj; ++bj) tile_product(A, B, C, t, bi, bj);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the ti x tj tiles of C shared among `threads` threads, tile (bi, bj)
  // // computed over the whole depth by the given tile_product.
  // // Constraint: it must keep every thread busy even when ti alone is smaller than the
  // // thread count (a short, wide C).
  // // Look up: the `collapse` clause of `omp for` (which loops it may combine).
  // // Think: tile_product's own loop over the depth stays sequential (support.cpp): why
  // // would parallelising it give wrong answers?
  // (void)ti, (void)tj, (void)threads;
  // throw not_implemented("matmul_collapse (modules/04-openmp/matmul_parallel_for.cpp)");
  // END STUDENT
}

}  // namespace parlab::omp
