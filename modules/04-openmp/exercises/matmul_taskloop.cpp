// Exercise 5 - the tiles of exercise 2 as tasks.
//
// `taskloop` is the middle ground between a loop and tasks: the iterations of a loop
// become tasks, in chunks of `grainsize`, and threads that finish early take the rest.
#include "openmp.hpp"
#include "parlab/error.hpp"
#include "parlab/matmul.hpp"

namespace parlab::omp {

void matmul_taskloop(const Matrix& A, const Matrix& B, Matrix& C, int threads, Tiles t) {
  check_shapes(A, B, C);
  C.zero();
  const int tj = tile_count(C.cols(), t.bj);
  const std::size_t tiles = std::size_t(tile_count(C.rows(), t.bi)) * tj;
  // BEGIN SOLUTION
  // One loop over all tiles, tile number -> (row of tiles, column of tiles). (An
  // unsigned counter: clang 14 warns about its own code for signed taskloops.)
#pragma omp parallel num_threads(threads)
#pragma omp single
#pragma omp taskloop grainsize(1)  // each tile of C is a task
  for (std::size_t tile = 0; tile < tiles; ++tile) tile_product(A, B, C, t, int(tile / tj), int(tile % tj));
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the tiles of exercise 2 as tasks: every tile of C (number tile in
  // // 0 .. tiles-1, row tile / tj, column tile % tj) computed by tile_product.
  // // Constraint: one thread creates the tasks, the whole team runs them.
  // // Look up: `omp taskloop` and its grainsize / num_tasks clauses.
  // // Think: with grainsize(1) versus the default, how many tasks are made at n = 1024,
  // // and does it change the time? Measure it (REPORT.md).
  // (void)tiles, (void)tj, (void)threads;
  // throw not_implemented("matmul_taskloop (modules/04-openmp/exercises/matmul_taskloop.cpp)");
  // END STUDENT
}

}  // namespace parlab::omp
