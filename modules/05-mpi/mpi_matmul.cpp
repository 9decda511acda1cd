// Driver: distributed matmul - row-block (Scatterv/Bcast/Gatherv), SUMMA on a 2-D grid,
// and SUMMA with communication overlapped - against one rank computing alone.
//   mpirun -np 4 mpi_matmul --n 1024 [--grid 2x2] [--nb 256]
#include <climits>
#include <memory>

#include "mpi05.hpp"
#include "parlab/driver.hpp"
#include "parlab/error.hpp"
#include "parlab/matmul.hpp"
#include "parlab/memory.hpp"
#include "parlab/mpi.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, MPI_THREAD_SINGLE, [&](mpi::Session& s) {
    long n = 512, nb = 256, seed = 42;
    std::string grid;
    RunOptions opt;
    opt.min_time = 0.2;
    Matrix A, B, C;  // full matrices on the root only: the other kitchens get their share by message
    std::unique_ptr<Grid> g;
    const std::vector<Rung> rungs{
        Rung("seq", "rank 0 alone with matmul_seq (the baseline)", [&](int) { if (s.root()) matmul_seq(A, B, C); }),
        Rung("rowblock", "Scatterv rows of A, Bcast B, Gatherv rows of C (exercise 2)",
             [&](int) { matmul_rowblock(A, B, C, MPI_COMM_WORLD); }),
        Rung("summa", "SUMMA on a 2-D Cartesian grid: panels broadcast along rows and columns (exercise 3)",
             [&](int) { matmul_summa(A, B, C, *g, nb, summa_multiply); }),
        Rung("overlap", "SUMMA with the next panel's broadcasts in flight while computing (exercise 4)",
             [&](int) { matmul_summa(A, B, C, *g, nb, summa_multiply_overlap); }),
    };
    Cli cli("mpi_matmul", "Distributed C = A * B over MPI ranks (run it with mpirun -np P).");
    cli.option("n", n, "matrix order (C is n x n)", 1, 1'000'000)
        .option("grid", grid, "process grid ROWSxCOLS for summa/overlap (default: MPI_Dims_create)")
        .option("nb", nb, "SUMMA panel width", 1, 1'000'000)
        .option("seed", seed, "random seed for A and B", 0, 1L << 40);
    add_run_options(cli, opt, rungs, false);
    // Every rank parses the same argv, so a usage error is thrown everywhere alike.
    if (!cli.parse(argc, argv)) return 0;
    if (n * n > INT_MAX) throw usage_error("--n: " + std::to_string(n) + " is too large for int MPI counts (max 46340)");
    require_memory(8ull * 6 * std::uint64_t(n) * n, "matmul with n=" + std::to_string(n));
    const bool wants_grid = opt.wants("summa") || opt.wants("overlap");
    auto [gr, gc] = grid.empty() ? std::pair<int, int>{0, 0} : parse_grid(grid);
    if (wants_grid) g = std::make_unique<Grid>(MPI_COMM_WORLD, gr, gc);  // throws on every rank alike
    if (n < s.size() || (g && (n < g->pr || n < g->pc)))
      throw usage_error("--n " + std::to_string(n) + " is smaller than the " + std::to_string(s.size()) +
                        " ranks" + (g ? " (grid " + g->shape() + ")" : std::string()) +
                        ": every rank needs at least one row; use fewer ranks or a bigger --n");
    Runner runner(opt, mpi::team());

    if (s.root()) {
      A = Matrix(n, n), B = Matrix(n, n), C = Matrix(n, n);
      A.fill_random(seed);
      B.fill_random(seed + 1);
    }
    runner.banner("05-mpi", "matmul",
                  "n=" + std::to_string(n) + (g ? " grid=" + g->shape() : std::string()) + " nb=" + std::to_string(nb));
    mpi::print_placement();
    Ladder l;
    l.proto.module = "05-mpi";
    l.proto.kernel = "matmul";
    l.proto.n = n;
    if (g) l.proto.notes.push_back({"grid", g->shape()});
    l.proto.notes.push_back({"nb", std::to_string(nb)});
    l.work = matmul_gflop(n, n, n);
    l.unit = "GFLOP/s";
    expect_product(l, A, B, C, s.root());
    std::vector<Record> recs = runner.run(l, rungs);
    runner.speedup_table(recs, "seq");
    return runner.finish(recs);
  });
}
