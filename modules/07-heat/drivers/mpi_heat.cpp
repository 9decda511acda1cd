// Driver: the heat equation across MPI ranks - row bands, a 2-D process grid, halos in flight
// while the inside is swept, and threads inside each rank - against rank 0 sweeping alone.
// The gathered field must be bit-identical to the sequential one at every rank count and grid.
// With --latency-us and --bandwidth-gbs (module 05's mpi_pingpong: alpha and 1/beta) it
// prints the halo time the model alpha + bytes/bandwidth predicts beside the measured split.
//   mpirun -np 4 mpi_heat --nx 2048 --ny 2048 --steps 50
#include <algorithm>
#include <iostream>

#include "heat_ladder.hpp"
#include "heat_mpi.hpp"
#include "parlab/error.hpp"
#include "parlab/memory.hpp"
#include "parlab/mpi.hpp"
#include "parlab/omp_team.hpp"
#include "parlab/partition.hpp"
#include "parlab/rung_labels.hpp"

namespace {
using namespace parlab;
using namespace parlab::heat;

// The halo model of one run on this rank: per step, one message per neighbour of
// alpha + bytes / bandwidth (rows: cols doubles; columns: rows doubles).
double predicted_halo_s(const Problem& p, const Block& b, const int nb[4], double alpha_s, double bytes_per_s) {
  double t = 0;
  for (int k = 0; k < 4; ++k)
    if (nb[k] != MPI_PROC_NULL) t += alpha_s + 8.0 * double(k < 2 ? b.cols : b.rows) / bytes_per_s;
  return t * p.steps;
}
}  // namespace

int main(int argc, char** argv) {
  // FUNNELED: the hybrid rung's threads never call MPI, only the main thread does, between
  // the parallel sweeps (exercise 8).
  return mpi::run_main(argc, argv, MPI_THREAD_FUNNELED, [&](mpi::Session& s) {
    Problem p;
    int prows = 1, pcols = 1;
    double latency_us = 0, bandwidth_gbs = 0;
    Field u, tmp;
    RunOptions opt;
    opt.min_time = 0.1;
    HaloSplit cart_split, overlap_split, hybrid_split;
    auto split_of = [&](HaloSplit& split, bool grid) {
      return [&split, grid, &p, &prows, &pcols, &latency_us, &bandwidth_gbs](Record& r) {
        annotate_split(split, r, MPI_COMM_WORLD);
        if (!(latency_us > 0 && bandwidth_gbs > 0)) return;
        // The model for this rank's block and neighbours, the worst rank's printed.
        int me = 0, ranks = 1;
        MPI_Comm_rank(MPI_COMM_WORLD, &me);
        MPI_Comm_size(MPI_COMM_WORLD, &ranks);
        const int pr = grid ? prows : ranks, pc = grid ? pcols : 1;
        const int ci = me / pc, cj = me % pc;  // MPI_Cart_create without reordering: row-major
        const Range rr = block_range(p.ny, pr, ci), cr = block_range(p.nx, pc, cj);
        Block b;
        b.rows = rr.size(), b.cols = cr.size();
        const int nb[4] = {ci > 0 ? 0 : MPI_PROC_NULL, ci < pr - 1 ? 0 : MPI_PROC_NULL, cj > 0 ? 0 : MPI_PROC_NULL,
                           cj < pc - 1 ? 0 : MPI_PROC_NULL};
        const double mine = predicted_halo_s(p, b, nb, latency_us * 1e-6, bandwidth_gbs * 1e9), worst =
            mpi::max_over_ranks(mine);
        if (me != 0) return;
        r.extra.push_back({"halo_predicted_s", worst});
        std::cout << "Halo model [" << r.variant << "] (alpha " << fmt(latency_us, 2) << " us, " << fmt(bandwidth_gbs, 2)
                  << " GB/s): predicted " << fmt(worst * 1e3, 2) << " ms per run, measured exchange+wait "
                  << fmt((r.extra.end()[-2].second + r.extra.end()[-1].second) * 1e3, 2) << " ms\n";
      };
    };
    const std::vector<Rung> rungs{
        Rung("seq", manifest::about("rank 0 alone: heat_seq (the baseline)", manifest::label("mpi_heat", "seq")),
             [&](int) {
               if (s.root()) heat_seq(p, u, tmp);
             })
            .on_ranks(1),
        Rung("rows", manifest::about("row bands, halo rows with MPI_Sendrecv", manifest::label("mpi_heat", "rows")),
             [&](int) { heat_rows(p, u, MPI_COMM_WORLD); }),
        Rung("cart", manifest::about("2-D process grid, column halos as MPI_Type_vector", manifest::label("mpi_heat", "cart")),
             [&](int) { heat_cart(p, prows, pcols, u, MPI_COMM_WORLD, &cart_split); })
            .described_by(split_of(cart_split, true)),
        Rung("overlap", manifest::about("MPI_Isend/Irecv halos while the inside is swept", manifest::label("mpi_heat", "overlap")),
             [&](int) { heat_overlap(p, prows, pcols, u, MPI_COMM_WORLD, &overlap_split); })
            .described_by(split_of(overlap_split, true)),
        Rung("hybrid", manifest::about("the grid with --threads OpenMP threads per rank", manifest::label("mpi_heat", "hybrid")),
             [&](int t) { heat_hybrid(p, prows, pcols, u, MPI_COMM_WORLD, t, &hybrid_split); }, true)
            .teamed_by(omp_team_size)
            .described_by(split_of(hybrid_split, true)),
    };
    Cli cli("mpi_heat", "The 2-D heat equation across MPI ranks (run it with mpirun -np P).");
    add_problem_options(cli, p)
        .option("latency-us", latency_us, "alpha of the halo model, from mpi_pingpong (0: no prediction)", 0, 1e6)
        .option("bandwidth-gbs", bandwidth_gbs, "1/beta of the halo model, from mpi_pingpong (0: no prediction)", 0,
                1e6);
    add_run_options(cli, opt, rungs, true, 256);
    if (!cli.parse(argc, argv)) return 0;
    check_problem(p);
    if (opt.wants("rows")) mpi::require_per_rank(p.ny, s.size(), "--ny", "row");
    grid_shape(s.size(), p, prows, pcols);
    require_memory(3ull * 8 * std::uint64_t(p.nx) * std::uint64_t(p.ny), "mpi_heat --nx --ny");
    Runner runner(opt, mpi::team());
    runner.banner("07-heat", "heat",
                  problem_params(p) + " grid=" + std::to_string(prows) + "x" + std::to_string(pcols));
    mpi::print_placement();
    Field ref;
    if (s.root()) ref = reference_run(p);
    Ladder l = heat_ladder(p, u, tmp, ref, s.root());
    l.proto.notes.push_back({"grid", std::to_string(prows) + "x" + std::to_string(pcols)});
    std::vector<Record> recs = runner.run(l, rungs);
    runner.speedup_table(recs, "seq");
    return runner.finish(recs);
  });
}
