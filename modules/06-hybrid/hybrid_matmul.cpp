// Driver: hybrid matmul - MPI ranks (row-block, module 05) x OpenMP threads inside each rank.
//   OMP_NUM_THREADS=2 mpirun -np 2 --map-by slot:PE=2 hybrid_matmul --n 1024
#include <omp.h>

#include <algorithm>
#include <climits>
#include <iostream>

#include "hybrid.hpp"
#include "mpi_ladder.hpp"
#include "parlab/blas_info.hpp"
#include "parlab/cli.hpp"
#include "parlab/error.hpp"
#include "parlab/oracle.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, hybrid::thread_level, [&](mpi::Session& s) {
    long n = 512, seed = 42;
    int threads = omp_get_max_threads();
    std::string kernel = kernel_name(default_local_kernel());
    std::vector<std::string> variants;
    mpi::DriverOptions opt;
    const std::vector<std::string> names{"seq", "mpi", "hybrid"};
    Cli cli("hybrid_matmul",
            "C = A * B over MPI ranks x OpenMP threads (run with mpirun -np P; OMP_NUM_THREADS or --threads).\n"
            "rungs:\n  seq     rank 0 alone, one thread (the baseline)\n"
            "  mpi     row-block over the ranks, one thread per rank (module 05)\n"
            "  hybrid  row-block over the ranks, --threads OpenMP threads per rank");
    cli.option("n", n, "matrix order (C is n x n)", 1, 1'000'000)
        .option("threads", threads, "OpenMP threads per rank", 1, 1024)
        .option("kernel", kernel, "local kernel of each thread: blas (dgemm, 1 thread) or eigen")
        .option("seed", seed, "random seed for A and B", 0, 1L << 40);
    add_run_options(cli, variants, names, opt);
    if (!cli.parse(argc, argv)) return 0;
    use_local_kernel(parse_local_kernel(kernel));
    if (n * n > INT_MAX) throw usage_error("--n: " + std::to_string(n) + " is too large for int MPI counts (max 46340)");
    require_per_rank(n, s.size(), "--n", "row");
    require_memory(8ull * 6 * std::uint64_t(n) * n, "matmul with n=" + std::to_string(n));
    mpi::check_json_target(opt.json);
    omp_set_num_threads(threads);

    Matrix A, B, C;
    if (s.root()) {
      A = Matrix(n, n), B = Matrix(n, n), C = Matrix(n, n);
      A.fill_random(seed);
      B.fill_random(seed + 1);
    }
    if (s.root()) {
      print_banner("06-hybrid", "matmul", "n=" + std::to_string(n) + " threads=" + std::to_string(threads) +
                                              " ranks=" + std::to_string(s.size()) + " kernel=" + kernel);
      print_blas_info(std::cout);
      std::cout << "Thread level: asked " << mpi::thread_level_name(hybrid::thread_level) << ", got "
                << mpi::thread_level_name(s.provided()) << '\n';
    }
    hybrid::print_binding(threads);

    std::vector<LadderRung> rungs{
        // Each record says what its rung really used: seq one rank, one thread; mpi one thread per rank.
        {"seq", [&] { if (s.root()) local_matmul(A, B, C); }, [](Record& r) { r.ranks = 1, r.threads = 1; }},
        {"mpi", [&] { matmul_rowblock(A, B, C, MPI_COMM_WORLD, local_matmul); }, [](Record& r) { r.threads = 1; }},
        {"hybrid", [&] { matmul_rowblock(A, B, C, MPI_COMM_WORLD, hybrid::local_matmul_omp); }},
    };
    Ladder l;
    l.proto.module = "06-hybrid";
    l.proto.kernel = "matmul";
    l.proto.n = n;
    l.proto.ranks = s.size();
    l.proto.threads = threads;
    l.proto.notes.push_back({"local_kernel", kernel});
    l.work = 2.0 * n * n * n / 1e9;
    l.unit = "GFLOP/s";
    l.baseline = "seq";
    l.check = matmul_check(A, B, C);
    return run_ladder(select_rungs(rungs, variants), l, opt);
  });
}
