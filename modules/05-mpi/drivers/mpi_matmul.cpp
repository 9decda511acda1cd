// Driver: distributed matmul - row-block (Scatterv/Bcast/Gatherv), SUMMA on a 2-D grid,
// SUMMA with communication overlapped, and ScaLAPACK's PDGEMM - against one rank alone.
// Every rung's local products use the same kernel (--kernel: BLAS dgemm or Eigen, by
// default whichever is faster on this machine, measured at start-up). The
// options, matrices, checks and record are the local drivers' (run_matmul_driver, parlab/driver.hpp).
//   mpirun -np 4 mpi_matmul --n 1024 [--grid 2x2] [--nb 256] [--kernel blas]
#include <climits>
#include <memory>

#include <iostream>

#include "local_gemm.hpp"
#include "mpi.hpp"
#include "pdgemm.hpp"
#include "time_split.hpp"
#include "parlab/driver.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, MPI_THREAD_SINGLE, [&](mpi::Session& s) {
    long nb = 256;
    std::string grid, kernel = "auto";
    KernelChoice chosen;
    std::unique_ptr<Grid> g;
    std::unique_ptr<BlacsGrid> blacs;
    bool skip_pdgemm = false, blacs_wanted = false;
    SplitLog summa_split, overlap_split;  // where SUMMA's time goes: compute, comm, wait
    MatmulDriver d;
    d.module = "05-mpi";
    d.program = "mpi_matmul";
    d.about = "Distributed C = A * B over MPI ranks (run it with mpirun -np P).";
    d.default_n = 512;
    d.rectangular = false, d.threads_option = false, d.min_time = 0.2;
    d.rungs = {
        {"seq", "rank 0 alone with the local kernel (the baseline)",
         [&](const Matrix& A, const Matrix& B, Matrix& C, int) { if (s.root()) local_matmul(A, B, C); }, false,
         nullptr, 1},
        {"rowblock", manifest::about("Scatterv rows of A, Bcast B, Gatherv rows of C", manifest::label("mpi_matmul", "rowblock")),
         [](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_rowblock(A, B, C, MPI_COMM_WORLD); }},
        {"summa", manifest::about("SUMMA on a 2-D Cartesian grid: panels broadcast along rows and columns", manifest::label("mpi_matmul", "summa")),
         [&](const Matrix& A, const Matrix& B, Matrix& C, int) {
           summa_split.record([&] { matmul_summa(A, B, C, *g, nb, summa_multiply); });
         },
         false, nullptr, 0, [&](Record& r) { summa_split.annotate(r, MPI_COMM_WORLD); }},
        {"overlap", manifest::about("SUMMA with the next panel's broadcasts in flight while computing", manifest::label("mpi_matmul", "overlap")),
         [&](const Matrix& A, const Matrix& B, Matrix& C, int) {
           overlap_split.record([&] { matmul_summa(A, B, C, *g, nb, summa_multiply_overlap); });
         },
         false, nullptr, 0, [&](Record& r) { overlap_split.annotate(r, MPI_COMM_WORLD); }},
        {"pdgemm", "ScaLAPACK's PDGEMM on the same grid, nb x nb blocks block-cyclic (the reference; "
                   "always the BLAS's local products)",
         [&](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_pdgemm(A, B, C, *blacs, nb); }},
    };
    d.options = [&](Cli& cli) {
      cli.option("grid", grid, "process grid ROWSxCOLS for summa/overlap (default: MPI_Dims_create)")
          .option("nb", nb, "SUMMA panel width (pdgemm: block size)", 1, 1'000'000)
          .option("kernel", kernel, "local kernel of every rung: auto (the faster here, measured), blas (dgemm, 1 thread) or eigen");
    };
    // Every rank parses the same argv, so a usage error is thrown everywhere alike.
    d.prepare = [&](RunOptions& opt, long, long, long n) {
      skip_pdgemm = opt.wants("pdgemm") && !have_scalapack();
      if (skip_pdgemm) {  // a missing optional dependency: skipped with a message
        opt.variants.clear();
        for (const auto& r : d.rungs)
          if (r.name != "pdgemm") opt.variants.push_back(r.name);
      }
      if (n * n > INT_MAX) throw usage_error("--n: " + std::to_string(n) + " is too large for int MPI counts (max 46340)");
      const bool wants_grid = opt.wants("summa") || opt.wants("overlap") || opt.wants("pdgemm");
      auto [gr, gc] = grid.empty() ? std::pair<int, int>{0, 0} : parse_grid(grid);
      if (wants_grid) g = std::make_unique<Grid>(MPI_COMM_WORLD, gr, gc);  // throws on every rank alike
      if (n < s.size() || (g && (n < g->pr || n < g->pc)))
        throw usage_error("--n " + std::to_string(n) + " is smaller than the " + std::to_string(s.size()) +
                          " ranks" + (g ? " (grid " + g->shape() + ")" : std::string()) +
                          ": every rank needs at least one row; use fewer ranks or a bigger --n");
      if (opt.wants("pdgemm")) blacs_wanted = true;
      chosen = choose_local_kernel(kernel, MPI_COMM_WORLD);  // collective: every rank gets here
      d.context.push_back({"local_kernel", chosen.json()});
    };
    d.params = [&] {
      return (g ? " grid=" + g->shape() : std::string()) + " nb=" + std::to_string(nb) + " kernel=" + chosen.summary();
    };
    d.after_banner = [&] {
      if (s.root() && skip_pdgemm)
        std::cout << "Skipped [pdgemm]: built without ScaLAPACK (apt install libscalapack-openmpi-dev, then rebuild)\n";
      mpi::print_placement();
      if (blacs_wanted) blacs = std::make_unique<BlacsGrid>(*g);
    };
    d.describe = [&](Record& r) {
      if (g) r.notes.push_back({"grid", g->shape()});
      r.params.push_back({"nb", nb});
      r.notes.push_back({"local_kernel", kernel_name(chosen.kernel)});
    };
    return run_matmul_driver(argc, argv, d, mpi::team(), s.root());
  });
}
