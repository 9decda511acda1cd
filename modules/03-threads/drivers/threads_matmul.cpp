// Driver: matmul by row blocks on std::threads, against the sequential kernel.
#include "parlab/driver.hpp"
#include "parlab/environment.hpp"
#include "parlab/main.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/matmul.hpp"
#include "threads.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  return run_main([&] {  // default_thread_counts: a bad OMP_NUM_THREADS is a usage error
    return run_matmul_driver(
      argc, argv,
      {.module = "03-threads",
       .program = "threads_matmul",
       .about = "Matmul with more cooks: each std::thread computes a block of rows with matmul_rows.",
       .rungs = {seq_matmul_rung(),
                 {"row_blocks", manifest::about("one block of rows per std::thread", manifest::label("threads_matmul", "row_blocks")),
                  [](auto& A, auto& B, auto& C, int t) { threads::matmul_row_blocks(A, B, C, t); }, true}},
       .baseline = "seq",
       .default_n = 512,
       .default_threads = default_thread_counts()});
  });
}
