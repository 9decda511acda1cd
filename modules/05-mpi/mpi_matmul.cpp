// Driver: distributed matmul - row-block (Scatterv/Bcast/Gatherv), SUMMA on a 2-D grid,
// SUMMA with communication overlapped, and ScaLAPACK's PDGEMM - against one rank alone.
// Every rung's local products use the same kernel (--kernel: BLAS dgemm or Eigen).
//   mpirun -np 4 mpi_matmul --n 1024 [--grid 2x2] [--nb 256] [--kernel blas]
#include <algorithm>
#include <climits>
#include <memory>
#include <iostream>

#include "mpi05.hpp"
#include "mpi_ladder.hpp"
#include "pdgemm.hpp"
#include "time_split.hpp"
#include "parlab/blas_info.hpp"
#include "parlab/cli.hpp"
#include "parlab/error.hpp"
#include "parlab/oracle.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, MPI_THREAD_SINGLE, [&](mpi::Session& s) {
    long n = 512, nb = 256, seed = 42;
    std::string grid, kernel = kernel_name(default_local_kernel());
    std::vector<std::string> variants;
    mpi::DriverOptions opt;
    const std::vector<std::string> names{"seq", "rowblock", "summa", "overlap", "pdgemm"};
    Cli cli("mpi_matmul",
            "Distributed C = A * B over MPI ranks (run it with mpirun -np P).\n"
            "rungs:\n  seq       rank 0 alone (the baseline)\n"
            "  rowblock  Scatterv rows of A, Bcast B, Gatherv rows of C\n"
            "  summa     SUMMA on a 2-D Cartesian grid (panels broadcast along rows and columns)\n"
            "  overlap   SUMMA with the next panel's broadcasts in flight while computing\n"
            "  pdgemm    ScaLAPACK's PDGEMM on the same grid, nb x nb blocks block-cyclic (the reference;\n"
            "            its local products are always the BLAS's)");
    cli.option("n", n, "matrix order (C is n x n)", 1, 1'000'000)
        .option("grid", grid, "process grid ROWSxCOLS for summa/overlap (default: MPI_Dims_create)")
        .option("nb", nb, "SUMMA panel width (pdgemm: block size)", 1, 1'000'000)
        .option("kernel", kernel, "local kernel of every rung: blas (dgemm, 1 thread) or eigen")
        .option("seed", seed, "random seed for A and B", 0, 1L << 40);
    add_run_options(cli, variants, names, opt);
    // Every rank parses the same argv, so a usage error is thrown everywhere alike.
    if (!cli.parse(argc, argv)) return 0;
    use_local_kernel(parse_local_kernel(kernel));
    if (n * n > INT_MAX) throw usage_error("--n: " + std::to_string(n) + " is too large for int MPI counts (max 46340)");
    require_memory(8ull * 6 * std::uint64_t(n) * n, "matmul with n=" + std::to_string(n));
    const bool wants_pdgemm = wants(variants, "pdgemm") && have_scalapack();
    const bool wants_grid = wants(variants, "summa") || wants(variants, "overlap") || wants_pdgemm;
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
    if (s.root()) {
      print_banner("05-mpi", "matmul", "n=" + std::to_string(n) + " threads=1 ranks=" + std::to_string(s.size()) +
                                           (g ? " grid=" + g->shape() : std::string()) + " nb=" + std::to_string(nb) +
                                           " kernel=" + kernel);
      print_blas_info(std::cout);
      if (wants(variants, "pdgemm") && !have_scalapack())
        std::cout << "Skipped [pdgemm]: built without ScaLAPACK (apt install libscalapack-openmpi-dev, then rebuild)\n";
    }
    print_placement();
    std::unique_ptr<BlacsGrid> blacs;
    if (wants_pdgemm) blacs = std::make_unique<BlacsGrid>(*g);
    SplitLog summa_split, overlap_split;  // where SUMMA's time goes: compute, comm, wait
    const auto one_rank = [](Record& r) { r.ranks = 1; };

    std::vector<LadderRung> rungs{
        {"seq", [&] { if (s.root()) local_matmul(A, B, C); }, one_rank},
        {"rowblock", [&] { matmul_rowblock(A, B, C, MPI_COMM_WORLD); }},
        {"summa", [&] { summa_split.record([&] { matmul_summa(A, B, C, *g, nb, summa_multiply); }); },
         [&](Record& r) { summa_split.annotate(r, MPI_COMM_WORLD); }},
        {"overlap", [&] { overlap_split.record([&] { matmul_summa(A, B, C, *g, nb, summa_multiply_overlap); }); },
         [&](Record& r) { overlap_split.annotate(r, MPI_COMM_WORLD); }},
    };
    if (blacs) rungs.push_back({"pdgemm", [&] { matmul_pdgemm(A, B, C, *blacs, nb); }});
    Ladder l;
    l.proto.module = "05-mpi";
    l.proto.kernel = "matmul";
    l.proto.n = n;
    l.proto.ranks = s.size();
    if (g) l.proto.notes.push_back({"grid", g->shape()});
    l.proto.notes.push_back({"local_kernel", kernel});
    l.work = 2.0 * n * n * n / 1e9;
    l.unit = "GFLOP/s";
    l.baseline = "seq";
    l.check = matmul_check(A, B, C);
    return run_ladder(select_rungs(rungs, variants), l, opt);
  });
}
