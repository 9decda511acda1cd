// Driver: the heat equation across MPI ranks - row bands, a 2-D process grid, halos in flight
// while the inside is swept, and threads inside each rank - against rank 0 sweeping alone.
// The gathered field must be bit-identical to the sequential one at every rank count and grid.
// With --latency-us and --bandwidth-gbs (module 05's mpi_pingpong: alpha and 1/beta) it
// prints the halo time the model alpha + bytes/bandwidth predicts beside the measured split.
// The MPI rungs' timed runs are their steps: each rank's block made before and the field
// gathered after are untimed (banner: untimed=blocks,gather; record: fence staging_excluded).
// Each timed run starts from a field of its own, checked on rank 0 at sampled points.
//   mpirun -np 4 mpi_heat --nx 2048 --ny 2048 --steps 50
#include <algorithm>
#include <iostream>
#include <map>
#include <string>

#include "heat_ladder.hpp"
#include "heat_mpi.hpp"
#include "parlab/error.hpp"
#include "parlab/memory.hpp"
#include "parlab/mpi.hpp"
#include "parlab/omp_team.hpp"
#include "parlab/rung_labels.hpp"

namespace {
// What the MPI rungs leave out of their timed runs (the record's note `untimed`).
const char* const kUntimed =
    "each rank's block made from the problem before each run and the field gathered on rank 0 after it; "
    "the timed run is the steps, every halo exchange among them";
}  // namespace

int main(int argc, char** argv) {
  // FUNNELED: the hybrid rung's threads never call MPI, only the main thread does, between
  // the parallel sweeps (exercise 8).
  using namespace parlab;
  using namespace parlab::heat;
  return mpi::run_main(argc, argv, MPI_THREAD_FUNNELED, [&](mpi::Session& s) {
    Problem p;
    int prows = 1, pcols = 1;
    double latency_us = 0, bandwidth_gbs = 0;
    Field u, tmp;
    RunOptions opt;
    opt.min_time = 0.1;
    // Each rung's time split per thread count (hybrid runs at every --threads): a run's seconds
    // gather in `run` and go to by_threads[its threads] once its field is out.
    struct Split {
      HaloSplit run;
      std::map<int, HaloSplit> by_threads;
      int threads = 1;
    } cart_split, overlap_split, hybrid_split;
    // The split of the record's thread count into it; with --latency-us and --bandwidth-gbs,
    // the model beside it.
    auto split_of = [&](Split& split) {
      return [&](Record& r) {
        int threads = r.threads;  // as asked (the key of by_threads), where the team differed
        for (const auto& [name, v] : r.params)
          if (name == "threads_requested") threads = int(v);
        const HaloSplit worst = annotate_split(split.by_threads[threads], r, MPI_COMM_WORLD);
        if (!(latency_us > 0 && bandwidth_gbs > 0)) return;
        const double model = mpi::max_over_ranks(
            predicted_halo_s(p, prows, pcols, s.rank(), latency_us * 1e-6, bandwidth_gbs * 1e9));
        if (!s.root()) return;
        r.extra.push_back({"halo_predicted_s", model});
        std::cout << "Halo model [" << r.variant << "] (alpha " << fmt(latency_us, 2) << " us, "
                  << fmt(bandwidth_gbs, 2) << " GB/s): predicted " << fmt(model * 1e3, 2)
                  << " ms per run, measured exchange + wait " << fmt((worst.exchange + worst.wait) * 1e3, 2) << " ms\n";
      };
    };
    // Each MPI rung's run staged (given/heat_mpi.hpp): its block made before, the field gathered
    // after, both untimed; the steps with every halo exchange are the timed run.
    MpiRung rows(MpiRung::Steps::rows), cart(MpiRung::Steps::cart, MPI_COMM_WORLD, &cart_split.run),
        overlap(MpiRung::Steps::overlap, MPI_COMM_WORLD, &overlap_split.run),
        hybrid(MpiRung::Steps::hybrid, MPI_COMM_WORLD, &hybrid_split.run);
    Split none;  // rows': no split in its record
    auto staged = [&](MpiRung* m, Split* split) {
      return Staging{[&, m] { m->stage_in(p, prows, pcols); },
                     [&, m, split] {
                       m->stage_out(u);
                       split->by_threads[split->threads] += split->run;
                       split->run = {};
                     },
                     kUntimed};
    };
    auto run_of = [](MpiRung* m, Split* split) {
      return [m, split](int t) {
        split->threads = t;
        m->run(t);
      };
    };
    const std::vector<Rung> rungs{
        Rung("seq", manifest::about("rank 0 alone: heat_seq (the baseline)", manifest::label("mpi_heat", "seq")),
             [&](int) { if (s.root()) heat_seq(p, u, tmp); })
            .on_ranks(1),
        Rung("rows", manifest::about("row bands, halo rows with MPI_Sendrecv", manifest::label("mpi_heat", "rows")),
             run_of(&rows, &none))
            .staged_by(staged(&rows, &none)),
        Rung("cart", manifest::about("2-D process grid, column halos as MPI_Type_vector", manifest::label("mpi_heat", "cart")),
             run_of(&cart, &cart_split))
            .staged_by(staged(&cart, &cart_split))
            .described_by(split_of(cart_split)),
        Rung("overlap", manifest::about("MPI_Isend/Irecv halos while the inside is swept", manifest::label("mpi_heat", "overlap")),
             run_of(&overlap, &overlap_split))
            .staged_by(staged(&overlap, &overlap_split))
            .described_by(split_of(overlap_split)),
        Rung("hybrid", manifest::about("the grid with --threads OpenMP threads per rank", manifest::label("mpi_heat", "hybrid")),
             run_of(&hybrid, &hybrid_split), true)
            .staged_by(staged(&hybrid, &hybrid_split))
            .teamed_by(omp_team_size)
            .described_by(split_of(hybrid_split)),
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
    std::string grid;  // the process grid of the rungs that use one
    if (opt.wants("cart") || opt.wants("overlap") || opt.wants("hybrid")) {
      grid_shape(s.size(), p, prows, pcols);
      grid = std::to_string(prows) + "x" + std::to_string(pcols);
    }
    require_memory(3ull * 8 * std::uint64_t(p.nx) * std::uint64_t(p.ny), "mpi_heat --nx --ny");
    Runner runner(opt, mpi::team());
    const bool any_staged = opt.wants("rows") || !grid.empty();
    runner.banner("07-heat", "heat",
                  problem_params(p) + (grid.empty() ? "" : " grid=" + grid) + (any_staged ? " untimed=blocks,gather" : "") +
                      " " + fresh_params());
    mpi::print_placement();
    Field ref;
    if (s.root()) ref = reference_run(p);
    Ladder l = heat_ladder(p, u, tmp, ref, s.root());
    fresh_fields(l, p, u, s.root());  // every timed run its own inputs (every rank's blocks), checked on rank 0
    if (!grid.empty()) l.proto.notes.push_back({"grid", grid});
    std::vector<Record> recs = runner.run(l, rungs);
    runner.speedup_table(recs, "seq");
    return runner.finish(recs);
  });
}
