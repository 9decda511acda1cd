// Driver: distributed matmul - row-block (Scatterv/Bcast/Gatherv), SUMMA on a 2-D grid,
// and SUMMA with communication overlapped - against one rank computing alone.
//   mpirun -np 4 mpi_matmul --n 1024 [--grid 2x2] [--nb 256]
#include <algorithm>
#include <climits>
#include <memory>
#include <iostream>

#include "mpi05.hpp"
#include "mpi_ladder.hpp"
#include "parlab/cli.hpp"
#include "parlab/error.hpp"
#include "parlab/oracle.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, MPI_THREAD_SINGLE, [&](mpi::Session& s) {
    long n = 512, nb = 256, seed = 42;
    std::string grid;
    std::vector<std::string> variants;
    mpi::DriverOptions opt;
    const std::vector<std::string> names{"seq", "rowblock", "summa", "overlap"};
    Cli cli("mpi_matmul",
            "Distributed C = A * B over MPI ranks (run it with mpirun -np P).\n"
            "rungs:\n  seq       rank 0 alone (the baseline)\n"
            "  rowblock  Scatterv rows of A, Bcast B, Gatherv rows of C\n"
            "  summa     SUMMA on a 2-D Cartesian grid (panels broadcast along rows and columns)\n"
            "  overlap   SUMMA with the next panel's broadcasts in flight while computing");
    cli.option("n", n, "matrix order (C is n x n)", 1, 1'000'000)
        .option("grid", grid, "process grid ROWSxCOLS for summa/overlap (default: MPI_Dims_create)")
        .option("nb", nb, "SUMMA panel width", 1, 1'000'000)
        .option("seed", seed, "random seed for A and B", 0, 1L << 40);
    add_run_options(cli, variants, names, opt);
    // Every rank parses the same argv, so a usage error is thrown everywhere alike.
    if (!cli.parse(argc, argv)) return 0;
    if (n * n > INT_MAX) throw usage_error("--n: " + std::to_string(n) + " is too large for int MPI counts (max 46340)");
    require_memory(8ull * 6 * std::uint64_t(n) * n, "matmul with n=" + std::to_string(n));
    const bool wants_grid = wants(variants, "summa") || wants(variants, "overlap");
    auto [gr, gc] = grid.empty() ? std::pair<int, int>{0, 0} : parse_grid(grid);
    std::unique_ptr<Grid> g;
    if (wants_grid) g = std::make_unique<Grid>(MPI_COMM_WORLD, gr, gc);  // throws on every rank alike
    if (n < s.size() || (g && (n < g->pr || n < g->pc)))
      throw usage_error("--n " + std::to_string(n) + " is smaller than the " + std::to_string(s.size()) +
                        " ranks" + (g ? " (grid " + g->shape() + ")" : std::string()) +
                        ": every rank needs at least one row; use fewer ranks or a bigger --n");
    mpi::check_json_target(opt.json);

    Matrix A, B, C;  // full matrices on the root only: the other kitchens get their share by message
    if (s.root()) {
      A = Matrix(n, n), B = Matrix(n, n), C = Matrix(n, n);
      A.fill_random(seed);
      B.fill_random(seed + 1);
    }
    if (s.root())
      print_banner("05-mpi", "matmul", "n=" + std::to_string(n) + " threads=1 ranks=" + std::to_string(s.size()) +
                                           (g ? " grid=" + g->shape() : std::string()) + " nb=" + std::to_string(nb));
    print_placement();

    std::vector<LadderRung> rungs{
        {"seq", [&] { if (s.root()) local_matmul(A, B, C); }},
        {"rowblock", [&] { matmul_rowblock(A, B, C, MPI_COMM_WORLD); }},
        {"summa", [&] { matmul_summa(A, B, C, *g, nb, summa_multiply); }},
        {"overlap", [&] { matmul_summa(A, B, C, *g, nb, summa_multiply_overlap); }},
    };
    Ladder l;
    l.proto.module = "05-mpi";
    l.proto.kernel = "matmul";
    l.proto.n = n;
    l.proto.ranks = s.size();
    if (g) l.proto.notes.push_back({"grid", g->shape()});
    l.work = 2.0 * n * n * n / 1e9;
    l.unit = "GFLOP/s";
    l.baseline = "seq";
    l.check = matmul_check(A, B, C);
    return run_ladder(select_rungs(rungs, variants), l, opt);
  });
}
