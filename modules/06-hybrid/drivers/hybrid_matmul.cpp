// Driver: hybrid matmul - MPI ranks (row slots, given) x OpenMP threads inside each rank.
// The options, matrices, checks and record are the local drivers' (run_matmul_driver).
//   OMP_NUM_THREADS=2 mpirun -np 2 --map-by slot:PE=2 hybrid_matmul --n 1024
#include <algorithm>
#include <climits>
#include <iostream>

#include "hybrid.hpp"
#include "parlab/driver.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/environment.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"
#include "parlab/omp_team.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, hybrid::thread_level, [&](mpi::Session& s) {
    std::string kernel = "auto";
    KernelChoice chosen;
    MatmulDriver d;
    d.module = "06-hybrid";
    d.program = "hybrid_matmul";
    d.about = "C = A * B over MPI ranks x OpenMP threads (run with mpirun -np P; OMP_NUM_THREADS or --threads).";
    d.default_n = 512;
    d.default_threads = default_thread_counts();  // 1 and OMP_NUM_THREADS (else the cores); a bad one: exit 2
    d.rectangular = false, d.min_time = 0.2;
    d.rungs = {
        {"seq", "rank 0 alone with the local kernel, one thread (the baseline)",
         [&](const Matrix& A, const Matrix& B, Matrix& C, int) { if (s.root()) local_matmul(A, B, C); }, false,
         nullptr, 1},  // the record says what it used: one rank
        {"mpi", "row slots over the ranks, one thread per rank",
         [](const Matrix& A, const Matrix& B, Matrix& C, int) {
           hybrid::matmul_row_slots(A, B, C, MPI_COMM_WORLD, local_matmul);
         }},
        {"hybrid", manifest::about("row slots over the ranks, --threads OpenMP threads per rank", manifest::label("hybrid_matmul", "hybrid")),
         [](const Matrix& A, const Matrix& B, Matrix& C, int t) {
           hybrid::matmul_row_slots(A, B, C, MPI_COMM_WORLD, [t](const Matrix& a, const Matrix& b, Matrix& c) {
             hybrid::local_matmul_omp(a, b, c, t);
           });
         },
         true, omp_team_size},
    };
    d.options = [&](Cli& cli) {
      cli.option("kernel", kernel, "local kernel of each thread: auto (the faster here, measured), blas (dgemm, 1 thread) or eigen");
    };
    int max_threads = 1;  // the binding shown: for the largest team asked
    d.prepare = [&](RunOptions& opt, long, long, long n) {
      max_threads = *std::max_element(opt.threads.begin(), opt.threads.end());
      if (n * n > INT_MAX) throw usage_error("--n: " + std::to_string(n) + " is too large for int MPI counts (max 46340)");
      mpi::require_per_rank(n, s.size(), "--n", "row");
      // Measured on one thread: every thread runs the kernel single-threaded on its block.
      chosen = choose_local_kernel(kernel, MPI_COMM_WORLD);
      d.context.push_back({"local_kernel", chosen.json()});
    };
    d.params = [&] { return " kernel=" + chosen.summary(); };
    d.after_banner = [&] {
      if (s.root())
        std::cout << "Thread level: asked " << mpi::thread_level_name(hybrid::thread_level) << ", got "
                  << mpi::thread_level_name(s.provided()) << '\n';
      hybrid::print_binding(max_threads);
    };
    d.describe = [&](Record& r) { r.notes.push_back({"local_kernel", kernel_name(chosen.kernel)}); };
    return run_matmul_driver(argc, argv, d, mpi::team(), s.root());
  });
}
