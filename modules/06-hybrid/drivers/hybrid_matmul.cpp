// Driver: hybrid matmul - MPI ranks (row slots, given) x OpenMP threads inside each rank.
//   OMP_NUM_THREADS=2 mpirun -np 2 --map-by slot:PE=2 hybrid_matmul --n 1024
#include <algorithm>
#include <climits>
#include <iostream>

#include "hybrid.hpp"
#include "parlab/driver.hpp"
#include "parlab/environment.hpp"
#include "parlab/error.hpp"
#include "parlab/blas_info.hpp"
#include "parlab/memory.hpp"
#include "parlab/mpi.hpp"
#include "parlab/omp_team.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, hybrid::thread_level, [&](mpi::Session& s) {
    long n = 512, seed = 42;
    RunOptions opt;
    opt.threads = default_thread_counts();  // 1 and OMP_NUM_THREADS (else the cores); a bad one: exit 2
    opt.min_time = 0.2;
    std::string kernel = kernel_name(default_local_kernel());
    Matrix A, B, C;
    const std::vector<Rung> rungs{
        Rung("seq", "rank 0 alone with the local kernel, one thread (the baseline)",
             [&](int) { if (s.root()) local_matmul(A, B, C); })
            .described_by([](Record& r) { r.ranks = 1; }),  // the record says what it used: one rank
        Rung("mpi", "row slots over the ranks, one thread per rank",
             [&](int) { hybrid::matmul_row_slots(A, B, C, MPI_COMM_WORLD, local_matmul); }),
        Rung("hybrid", "row slots over the ranks, --threads OpenMP threads per rank (exercise 1)",
             [&](int t) {
               hybrid::matmul_row_slots(A, B, C, MPI_COMM_WORLD, [t](const Matrix& a, const Matrix& b, Matrix& c) {
                 hybrid::local_matmul_omp(a, b, c, t);
               });
             },
             true)
            .teamed_by(omp_team_size),
    };
    Cli cli("hybrid_matmul",
            "C = A * B over MPI ranks x OpenMP threads (run with mpirun -np P; OMP_NUM_THREADS or --threads).");
    cli.option("n", n, "matrix order (C is n x n)", 1, 1'000'000)
        .option("kernel", kernel, "local kernel of each thread: blas (dgemm, 1 thread) or eigen")
        .option("seed", seed, "random seed for A and B", 0, 1L << 40);
    add_run_options(cli, opt, rungs, true);
    if (!cli.parse(argc, argv)) return 0;
    use_local_kernel(parse_local_kernel(kernel));
    if (n * n > INT_MAX) throw usage_error("--n: " + std::to_string(n) + " is too large for int MPI counts (max 46340)");
    mpi::require_per_rank(n, s.size(), "--n", "row");
    // 6 n x n on rank 0 and the timed runs' draws of A and B kept apart (parlab/fresh_runs.hpp)
    require_memory(8ull * 8 * std::uint64_t(n) * n, "matmul with n=" + std::to_string(n));
    Runner runner(opt, mpi::team());

    if (s.root()) {
      A = Matrix(n, n), B = Matrix(n, n), C = Matrix(n, n);
      A.fill_random(seed);
      B.fill_random(seed + 1);
    }
    runner.banner("06-hybrid", "matmul", "n=" + std::to_string(n) + " kernel=" + kernel + " seed=" + std::to_string(seed));
    if (s.root()) print_blas_info(std::cout);
    if (s.root())
      std::cout << "Thread level: asked " << mpi::thread_level_name(hybrid::thread_level) << ", got "
                << mpi::thread_level_name(s.provided()) << '\n';
    hybrid::print_binding(*std::max_element(opt.threads.begin(), opt.threads.end()));
    Ladder l = matmul_ladder("06-hybrid", n, n, n, A, B, C, s.root());
    l.proto.notes.push_back({"local_kernel", kernel});
    l.proto.params.push_back({"seed", seed});
    std::vector<Record> recs = runner.run(l, rungs);
    runner.speedup_table(recs, "seq");
    return runner.finish(recs);
  });
}
