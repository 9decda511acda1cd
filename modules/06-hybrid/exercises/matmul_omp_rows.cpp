// Exercise 1 - the hybrid matmul: how the cooks of one kitchen cut their share.
//
// The given distribution (matmul_row_slots, given/row_slots.cpp) hands each rank a slot of
// rows of A and all of B; here the rank's OpenMP threads share that slot's product. Each
// thread makes one call of the given local_matmul_block, and every call reads and packs
// its rows of A and its columns of B: how you cut the slot decides how much each thread
// reads. Module 03 cut rows only; a slot of a few rows of a wide C says why that is not
// always the cut to make. The MPI calls stay outside, on the main thread (FUNNELED).
#include <omp.h>

#include <stdexcept>
#include <string>

#include "hybrid.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

namespace parlab::hybrid {

ThreadGrid thread_grid(long m, long n, int threads) {
  if (threads < 1) throw usage_error("thread_grid: threads must be at least 1, not " + std::to_string(threads));
  if (m < 0 || n < 0)
    throw std::invalid_argument("thread_grid: a " + std::to_string(m) + " x " + std::to_string(n) + " block of C");
  // BEGIN SOLUTION
  // The busiest thread reads ceil(m / rows) rows of A and ceil(n / cols) columns of B, each
  // k long: k is common to every grid, so minimise the sum of the two ceilings.
  auto ceil_div = [](long a, long b) { return (a + b - 1) / b; };
  ThreadGrid best{threads, 1};
  long best_cost = -1;
  for (int rows = threads; rows >= 1; --rows) {  // a tie keeps more rows: C's rows stay whole
    if (threads % rows != 0) continue;
    const int cols = threads / rows;
    const long cost = ceil_div(m, rows) + ceil_div(n, cols);
    if (best_cost < 0 || cost < best_cost) best = {rows, cols}, best_cost = cost;
  }
  return best;
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the grid rows x cols (rows * cols == threads) of blocks of an m x n C,
  // // one block per thread, for which the busiest thread's call reads the fewest elements
  // // of A and B; any m, n (also 0, or fewer rows than threads) and any thread count.
  // // Constraint: count elements, do not time anything; blocks come from block_range in
  // // each direction, so sizes differ by at most one.
  // // Look up: block_range (common/include/parlab/partition.hpp), local_matmul_block.
  // // Think: how many elements of A and of B does one block read? Why does k, the depth
  // // of the product, not change which grid is best? On 1 rank x 4 threads with n = 1024,
  // // and on 4 ranks x 4 threads, which grid do you get, and how many bytes does each
  // // thread read compared with cutting rows only?
  // throw not_implemented("thread_grid (modules/06-hybrid/exercises/matmul_omp_rows.cpp)");
  // END STUDENT
}

void local_matmul_omp(const Matrix& A, const Matrix& B, Matrix& C, int threads) {
  check_shapes(A, B, C);
  const long m = long(C.rows()), n = long(C.cols());
  // BEGIN SOLUTION
  const ThreadGrid g = thread_grid(m, n, threads);
  // One block per iteration, not per thread number: the team may be smaller than asked.
#pragma omp parallel for schedule(static, 1) num_threads(threads)
  for (int b = 0; b < g.rows * g.cols; ++b)
    local_matmul_block(A, B, C, block_range(m, g.rows, b / g.cols), block_range(n, g.cols, b % g.cols));
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): this rank's C = A * B with `threads` OpenMP threads, each computing
  // // one block of thread_grid's grid with one local_matmul_block call.
  // // Constraint: no MPI call inside the parallel region; no element of C written twice
  // // or missed, even when the runtime gives fewer threads than asked; the region asks
  // // for its threads itself, whatever OMP_NUM_THREADS says.
  // // Look up: `omp parallel for`, the num_threads clause, block_range.
  // // Think: 2 ranks x 1 thread or 1 rank x 2 threads on the same 2 cores: which reads
  // // fewer bytes of B in all, and which is faster? Measure both (REPORT.md).
  // (void)m, (void)n, (void)threads;
  // throw not_implemented("local_matmul_omp (modules/06-hybrid/exercises/matmul_omp_rows.cpp)");
  // END STUDENT
}

}  // namespace parlab::hybrid
