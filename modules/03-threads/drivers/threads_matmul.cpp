// Driver: matmul by row blocks on std::threads, against the sequential kernel.
#include "parlab/driver.hpp"
#include "parlab/matmul.hpp"
#include "threads.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  MatmulDriver d;
  d.module = "03-threads";
  d.program = "threads_matmul";
  d.about = "Matmul with more cooks: each std::thread computes a block of rows with matmul_rows.";
  d.rungs = {
      seq_matmul_rung(),
      {"row_blocks", "one block of rows per std::thread (exercise 1)",
       [](auto& A, auto& B, auto& C, int t) { threads::matmul_row_blocks(A, B, C, t); }, true},
  };
  for (auto& r : reference_matmul_rungs()) d.rungs.push_back(r);
  d.baseline = "seq";
  d.default_n = 512;
  d.default_threads = {1, 2};
  return run_matmul_driver(argc, argv, d);
}
