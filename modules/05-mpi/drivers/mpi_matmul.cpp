// Driver: distributed matmul - row-block (Scatterv/Bcast/Gatherv), SUMMA on a 2-D grid,
// SUMMA with communication overlapped, and ScaLAPACK's PDGEMM - against one rank alone.
// Every rung's local products use the same kernel (--kernel: BLAS dgemm or Eigen).
//   mpirun -np 4 mpi_matmul --n 1024 [--grid 2x2] [--nb 256] [--kernel blas]
#include <climits>
#include <memory>

#include <iostream>

#include "local_gemm.hpp"
#include "mpi.hpp"
#include "pdgemm.hpp"
#include "time_split.hpp"
#include "parlab/blas_info.hpp"
#include "parlab/driver.hpp"
#include "parlab/error.hpp"
#include "parlab/memory.hpp"
#include "parlab/mpi.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, MPI_THREAD_SINGLE, [&](mpi::Session& s) {
    long n = 512, nb = 256, seed = 42;
    std::string grid, kernel = kernel_name(default_local_kernel());
    RunOptions opt;
    opt.min_time = 0.2;
    Matrix A, B, C;  // full matrices on the root only: the other kitchens get their share by message
    std::unique_ptr<Grid> g;
    std::unique_ptr<BlacsGrid> blacs;
    SplitLog summa_split, overlap_split;  // where SUMMA's time goes: compute, comm, wait
    const std::vector<Rung> rungs{
        Rung("seq", "rank 0 alone with the local kernel (the baseline)", [&](int) { if (s.root()) local_matmul(A, B, C); })
            .described_by([](Record& r) { r.ranks = 1; }),  // the record says what it used
        Rung("rowblock", "Scatterv rows of A, Bcast B, Gatherv rows of C (exercise 2)",
             [&](int) { matmul_rowblock(A, B, C, MPI_COMM_WORLD); }),
        Rung("summa", "SUMMA on a 2-D Cartesian grid: panels broadcast along rows and columns (exercise 3)",
             [&](int) { summa_split.record([&] { matmul_summa(A, B, C, *g, nb, summa_multiply); }); })
            .described_by([&](Record& r) { summa_split.annotate(r, MPI_COMM_WORLD); }),
        Rung("overlap", "SUMMA with the next panel's broadcasts in flight while computing (exercise 4)",
             [&](int) { overlap_split.record([&] { matmul_summa(A, B, C, *g, nb, summa_multiply_overlap); }); })
            .described_by([&](Record& r) { overlap_split.annotate(r, MPI_COMM_WORLD); }),
        Rung("pdgemm", "ScaLAPACK's PDGEMM on the same grid, nb x nb blocks block-cyclic (the reference; "
                       "always the BLAS's local products)",
             [&](int) { matmul_pdgemm(A, B, C, *blacs, nb); }),
    };
    Cli cli("mpi_matmul", "Distributed C = A * B over MPI ranks (run it with mpirun -np P).");
    cli.option("n", n, "matrix order (C is n x n)", 1, 1'000'000)
        .option("grid", grid, "process grid ROWSxCOLS for summa/overlap (default: MPI_Dims_create)")
        .option("nb", nb, "SUMMA panel width (pdgemm: block size)", 1, 1'000'000)
        .option("kernel", kernel, "local kernel of every rung: blas (dgemm, 1 thread) or eigen")
        .option("seed", seed, "random seed for A and B", 0, 1L << 40);
    add_run_options(cli, opt, rungs, false);
    // Every rank parses the same argv, so a usage error is thrown everywhere alike.
    if (!cli.parse(argc, argv)) return 0;
    use_local_kernel(parse_local_kernel(kernel));
    const bool skip_pdgemm = opt.wants("pdgemm") && !have_scalapack();
    if (skip_pdgemm) {  // a missing optional dependency: skipped with a message
      opt.variants.clear();
      for (const auto& r : rungs)
        if (r.name != "pdgemm") opt.variants.push_back(r.name);
    }
    if (n * n > INT_MAX) throw usage_error("--n: " + std::to_string(n) + " is too large for int MPI counts (max 46340)");
    // 6 n x n on rank 0 and the timed runs' draws of A and B kept apart (parlab/fresh_runs.hpp)
    require_memory(8ull * 8 * std::uint64_t(n) * n, "matmul with n=" + std::to_string(n));
    const bool wants_grid = opt.wants("summa") || opt.wants("overlap") || opt.wants("pdgemm");
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
                  "n=" + std::to_string(n) + (g ? " grid=" + g->shape() : std::string()) + " nb=" + std::to_string(nb) +
                      " kernel=" + kernel + " seed=" + std::to_string(seed));
    if (s.root()) {
      print_blas_info(std::cout);
      if (skip_pdgemm)
        std::cout << "Skipped [pdgemm]: built without ScaLAPACK (apt install libscalapack-openmpi-dev, then rebuild)\n";
    }
    mpi::print_placement();
    if (opt.wants("pdgemm")) blacs = std::make_unique<BlacsGrid>(*g);
    Ladder l = matmul_ladder("05-mpi", n, n, n, A, B, C, s.root());
    if (g) l.proto.notes.push_back({"grid", g->shape()});
    l.proto.params.push_back({"nb", nb});
    l.proto.params.push_back({"seed", seed});
    l.proto.notes.push_back({"local_kernel", kernel});
    std::vector<Record> recs = runner.run(l, rungs);
    runner.speedup_table(recs, "seq");
    return runner.finish(recs);
  });
}
