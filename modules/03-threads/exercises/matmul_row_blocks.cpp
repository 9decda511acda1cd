// Exercise 1 - matmul by row blocks, with std::thread by hand.
//
// Row i of C depends only on row i of A and all of B, so rows can be computed in
// any order, by anyone: hand each of `threads` cooks one contiguous block of rows
// (block_range in parlab/partition.hpp) and let each call parlab::matmul_rows, the same
// sequential kernel as matmul_seq. Workers write disjoint rows of C and only read
// A and B: no locks needed.
#include <thread>
#include <vector>

#include "parlab/error.hpp"
#include "parlab/matmul.hpp"
#include "threads.hpp"
#include "workers.hpp"

namespace parlab::threads {

void matmul_row_blocks(const Matrix& A, const Matrix& B, Matrix& C, int threads) {
  check_shapes(A, B, C);  // before any thread starts: an exception in a worker would terminate
  check_threads(threads);
  const long m = static_cast<long>(C.rows());
  // BEGIN SOLUTION
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (int t = 0; t < threads; ++t) {
    const Range rows = block_range(m, threads, t);
    workers.emplace_back([&A, &B, &C, rows] { matmul_rows(A, B, C, rows.begin, rows.end); });
  }
  for (auto& w : workers) w.join();
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): C = A * B computed by `threads` std::threads at once, each owning one
  // // contiguous block of rows of C (block_range in workers.hpp says which), each using
  // // the given sequential kernel matmul_rows on its block.
  // // Constraint: no locks (workers only read A and B and write disjoint rows of C), and
  // // the blocks must really run at the same time; your own std::threads, not the given
  // // run_workers (that is what later exercises get, and the test checks).
  // // Look up: std::thread, std::thread::join, lambda captures (by reference vs by value).
  // // Think: if you join each thread right after starting it, is the answer still right?
  // // How fast is it? Which captured variables must be copied into each thread?
  // (void)m;
  // throw not_implemented("matmul_row_blocks (modules/03-threads/exercises/matmul_row_blocks.cpp)");
  // END STUDENT
}

}  // namespace parlab::threads
