// Exercises 4 and 5 - tasks.
//
// A loop knows its iterations up front; a recursion does not. `omp task` packages
// a piece of work for whichever thread of the team is free, and `omp taskwait`
// waits for the tasks this one created. Divide and conquer: halve the largest
// dimension of the block of C until it is small, and multiply a small block with
// matmul_tile. Halving m or n gives two blocks of C that do not overlap: two tasks.
// Halving k does NOT: both halves add into the same block of C, so they must run
// one after the other (or race).
//
// `taskloop` is the middle ground: the iterations of a loop become tasks, in
// chunks of `grainsize`, and threads that finish early take the rest.
#include <algorithm>
#include <exception>

#include "openmp.hpp"
#include "parlab/error.hpp"
#include "parlab/matmul.hpp"

namespace parlab::omp {

namespace {

// C[i0:i1, j0:j1] += A[i0:i1, p0:p1] * B[p0:p1, j0:j1], recursively.
//
// PARLAB_TASK_CREATOR: in the race build, the memory accesses of THIS function are
// not instrumented. libomp recycles a finished task's memory for the next task on
// another thread, in a way ThreadSanitizer cannot see even with Archer (LLVM 14),
// so copying a new task's arguments would be reported as a race. The work itself,
// matmul_tile in common/, stays instrumented: a real race on C (both halves of k
// as tasks, say) is still reported.
PARLAB_TASK_CREATOR void multiply_block(const Matrix& A, const Matrix& B, Matrix& C, std::size_t i0, std::size_t i1, std::size_t p0,
                    std::size_t p1, std::size_t j0, std::size_t j1, std::size_t leaf) {
  const std::size_t dm = i1 - i0, dk = p1 - p0, dn = j1 - j0;
  if (std::max({dm, dk, dn}) <= leaf) return matmul_tile(A, B, C, i0, i1, p0, p1, j0, j1);
  // BEGIN SOLUTION
  if (dm >= dn && dm >= dk) {  // two halves of the rows of C: independent, two tasks
    const std::size_t h = i0 + dm / 2;
#pragma omp task default(none) shared(A, B, C) firstprivate(i0, h, p0, p1, j0, j1, leaf)
    multiply_block(A, B, C, i0, h, p0, p1, j0, j1, leaf);
    multiply_block(A, B, C, h, i1, p0, p1, j0, j1, leaf);  // the creating thread takes the other half
#pragma omp taskwait
  } else if (dn >= dk) {  // two halves of the columns of C: independent
    const std::size_t h = j0 + dn / 2;
#pragma omp task default(none) shared(A, B, C) firstprivate(i0, i1, p0, p1, j0, h, leaf)
    multiply_block(A, B, C, i0, i1, p0, p1, j0, h, leaf);
    multiply_block(A, B, C, i0, i1, p0, p1, h, j1, leaf);
#pragma omp taskwait
  } else {  // two halves of the depth: the SAME block of C, so in order, no task
    const std::size_t h = p0 + dk / 2;
    multiply_block(A, B, C, i0, i1, p0, h, j0, j1, leaf);
    multiply_block(A, B, C, i0, i1, h, p1, j0, j1, leaf);
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): divide and conquer: split the block of C along its largest
  // // dimension and compute both halves, in parallel wherever that is safe.
  // // Constraint: halves of the rows or the columns of C are disjoint; halves of the
  // // depth k add into the SAME block of C. The race check (make race) must stay clean.
  // // Look up: `omp task` with shared / firstprivate, `omp taskwait`.
  // // Think: why should the creating thread compute one half itself instead of making
  // // two tasks? What does the leaf size trade off?
  // (void)dm, (void)dk, (void)dn;
  // throw not_implemented("matmul_tasks (modules/04-openmp/matmul_tasks.cpp)");
  // END STUDENT
}

}  // namespace

void matmul_tasks(const Matrix& A, const Matrix& B, Matrix& C, int threads, std::size_t leaf) {
  check_shapes(A, B, C);
  C.zero();
  leaf = std::max<std::size_t>(leaf, 1);
  // BEGIN SOLUTION
  std::exception_ptr error;  // an exception must not leave a parallel region: carry it out
#pragma omp parallel num_threads(threads)
#pragma omp single  // one thread starts the recursion; the team runs the tasks it creates
  try {
    multiply_block(A, B, C, 0, A.rows(), 0, A.cols(), 0, B.cols(), leaf);
  } catch (...) {
    error = std::current_exception();
  }
  if (error) std::rethrow_exception(error);  // e.g. multiply_block's not_implemented
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): start the recursion of multiply_block on the whole of C so that a
  // // team of `threads` threads runs the tasks it creates.
  // // Constraint: only one thread may start the recursion; an exception (e.g. the stub's
  // // not_implemented) must reach the caller, and must not leave a parallel region.
  // // Look up: `omp parallel`, `omp single`, std::exception_ptr, std::current_exception.
  // // Think: what would happen if every thread of the team called multiply_block?
  // (void)threads, (void)multiply_block;
  // throw not_implemented("matmul_tasks (modules/04-openmp/matmul_tasks.cpp)");
  // END STUDENT
}

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
  // throw not_implemented("matmul_taskloop (modules/04-openmp/matmul_tasks.cpp)");
  // END STUDENT
}

}  // namespace parlab::omp
