// Driver: the heat equation on one node - the naive sweep, the streaming sweep, OpenMP and
// temporal blocking - in GB/s of counted traffic against the measured bandwidth roof (% bw),
// and on an offload device (or the host's fallback): the grids mapped every step, the grids
// resident, and the device's own triad bandwidth to read the resident rung against.
// Every rung's field is bit-identical to the sequential one (on a GPU: within a proven bound),
// and each timed run of naive..blocked starts from a field of its own, checked at sampled
// points. With --out DIR, heat maps of --frames evenly spaced steps go to DIR (tools/animate.sh
// DIR makes the animation).
//   heat_stencil --nx 4096 --ny 4096 --steps 50 --threads 1,2
#include <algorithm>
#include <iostream>

#include "heat_ladder.hpp"
#include "heat_offload.hpp"
#include "parlab/environment.hpp"
#include "parlab/error.hpp"
#include "parlab/main.hpp"
#include "parlab/memory.hpp"
#include "parlab/offload.hpp"
#include "parlab/omp_team.hpp"
#include "parlab/output.hpp"
#include "parlab/roof.hpp"
#include "parlab/rung_labels.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::heat;
  return run_main([&] {
    Problem p;
    int block = 8, frames = 0;
    std::string out;
    Field u, tmp, ref;
    DeviceTriad triad;
    std::string device;  // where the offload rungs run: probed only when one of them is selected
    RunOptions opt;
    opt.threads = default_thread_counts();  // 1 and P, as in 03, 04, 06
    std::vector<Rung> rungs{
        Rung("naive", manifest::about("column by column, a branch per point for the boundary", manifest::label("heat_stencil", "naive")),
             [&](int) { heat_naive(p, u, tmp); }),
        Rung("seq", manifest::about("unit stride, boundary peeled, vectorised, grids swapped", manifest::label("heat_stencil", "seq")),
             [&](int) { heat_seq(p, u, tmp); }),
        Rung("omp", manifest::about("parallel for over rows, first touch by the same threads", manifest::label("heat_stencil", "omp")),
             [&](int t) { heat_omp(p, u, tmp, t); }, true)
            .teamed_by(omp_team_size),
        Rung("blocked", manifest::about("temporal blocking: --block steps per pass (a wavefront)", manifest::label("heat_stencil", "blocked")),
             [&](int t) { heat_blocked(p, u, tmp, t, block); }, true)
            .teamed_by(omp_team_size)
            .described_by([&](Record& r) { r.params.push_back({"block", block}); }),
    };
    // The roof in the same run: STREAM's triad on three arrays of the grid's size, --steps passes,
    // timed in the same rounds as the sweeps (--interleave), so a rung's GB/s over the triad's on
    // the same threads is its fraction of the roof whatever the machine and its load. Its
    // arrays are first touched once, by the first team that runs it.
    std::vector<double> ta, tb, tc;
    rungs.push_back(
        Rung("triad", manifest::about("STREAM triad, arrays of the grid's size, --steps passes: the roof in this run",
                                      manifest::label("heat_stencil", "triad")),
             [&](int t) {
               if (ta.size() != std::size_t(p.nx * p.ny)) {
                 ta.resize(std::size_t(p.nx * p.ny)), tb.resize(ta.size()), tc.resize(ta.size());
                 triad_first_touch(ta, tb, tc, t);
               }
               for (int s = 0; s < std::max(p.steps, 1); ++s) parlab::triad(ta, tb, tc, 3.0, t);
             },
             true)
            .teamed_by(omp_team_size)
            .checked_by([&](int) {
              bool ok = true;
              for (std::size_t i = 0; i < ta.size() && ok; ++i) ok = ta[i] == tb[i] + 3.0 * tc[i];
              Verdict v = Verdict::check(ok, ok ? "a = b + 3c everywhere" : "a != b + 3c somewhere");
              v.work = triad_bytes(p.nx * p.ny) * std::max(p.steps, 1) / 1e9;
              v.unit = "GB/s";
              v.extra.push_back({"bytes_per_element", 24.0});
              return v;
            }));
    for (Rung& r : offload_rungs(p, u, tmp, ref, triad, device)) rungs.push_back(std::move(r));
    Cli cli("heat_stencil", "The 2-D heat equation (explicit 5-point Jacobi) on one node, against the bandwidth roof.");
    add_problem_options(cli, p)
        .option("block", block, "steps per pass of the blocked rung", 1, 256)
        .option("out", out, "a folder for heat maps of the field (the sequential oracle's steps)")
        .option("frames", frames, "heat maps written with --out, evenly spaced from step 0 to --steps", 1, 10000);
    add_run_options(cli, opt, rungs, true);
    if (!cli.parse(argc, argv)) return 0;
    check_problem(p);
    if (frames == 0) frames = out.empty() ? 0 : 8;
    if (frames > 0 && out.empty()) throw usage_error("--frames: give --out DIR too (where the heat maps go)");
    if (!out.empty()) prepare_output_dir(out, "--out");
    // The grids and the oracle's (4), each triad's three arrays.
    const std::uint64_t grids = 4 + (opt.wants("triad") ? 3 : 0) + (opt.wants("device_triad") ? 3 : 0);
    require_memory(grids * 8 * std::uint64_t(p.nx) * std::uint64_t(p.ny), "heat_stencil --nx --ny");
    for (Rung& r : rungs)
      if (!r.offload.device.empty() && opt.wants(r.name)) {
        if (device.empty()) device = offload_device();
        r.offload.device = device;
      }
    Runner runner(opt);
    runner.banner("07-heat", "heat",
                  problem_params(p) + " block=" + std::to_string(block) + (device.empty() ? "" : " device=" + device) +
                      " " + fresh_params());
    if (!device.empty() && !offload_device_name().empty())
      std::cout << "Offload device " << device << ": " << offload_device_name() << '\n';
    ref = reference_with_frames(p, out, frames);
    Ladder l = heat_ladder(p, u, tmp, ref);
    fresh_fields(l, p, u);  // every timed run its own inputs, checked (the triad and offload rungs check their own)
    std::vector<Record> recs = runner.run(l, rungs);
    runner.speedup_table(recs, opt.wants("naive") ? "naive" : "seq", /*show_roof=*/true);
    return runner.finish(recs);
  });
}
