// Driver: hybrid render - row blocks or whole frames across MPI ranks, tiles across the
// OpenMP threads of each rank. Frames must be bit-identical to the sequential ones.
//   OMP_NUM_THREADS=2 mpirun -np 2 --map-by slot:PE=2 hybrid_render
#include <omp.h>

#include <algorithm>
#include <iostream>

#include "hybrid.hpp"
#include "mpi_ladder.hpp"
#include "parlab/cli.hpp"
#include "parlab/error.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, hybrid::thread_level, [&](mpi::Session& s) {
    RenderSettings rs{320, 180, 8, 4, 5};
    int threads = omp_get_max_threads();
    std::vector<std::string> variants;
    mpi::DriverOptions opt;
    const std::vector<std::string> names{"seq", "static", "static-omp", "farm-omp", "farm-all"};
    Cli cli("hybrid_render",
            "Render the animation over MPI ranks x OpenMP threads (run with mpirun -np P).\n"
            "rungs:\n  seq         rank 0 alone, one thread (the baseline)\n"
            "  static      rank r renders rows block r of every frame, one thread per rank (module 05)\n"
            "  static-omp  the same, each rank's rows cut into tiles shared by --threads threads\n"
            "  farm-omp    whole frames handed out by rank 0 on demand, tiles across threads (needs >= 2 ranks)\n"
            "  farm-all    the same farm, but rank 0's other threads render too (exercise 4; any rank count)");
    add_render_options(cli, rs);
    cli.option("threads", threads, "OpenMP threads per rank", 1, 1024);
    add_run_options(cli, variants, names, opt);
    if (!cli.parse(argc, argv)) return 0;
    const Animation anim(rs);
    if (wants(variants, "farm-omp") && s.size() < 2)
      throw usage_error("--variants farm-omp: the farm needs at least 2 ranks (rank 0 only hands out frames); "
                        "run with mpirun -np 2 or more, or choose --variants seq,static,static-omp");
    require_per_rank(rs.height, s.size(), "--height", "row");
    mpi::check_json_target(opt.json);
    omp_set_num_threads(threads);

    if (s.root()) {
      print_banner("06-hybrid", "render",
                   render_params(rs) + " threads=" + std::to_string(threads) +
                       " ranks=" + std::to_string(s.size()));
      std::cout << "Thread level: asked " << mpi::thread_level_name(hybrid::thread_level) << ", got "
                << mpi::thread_level_name(s.provided()) << '\n';
    }
    hybrid::print_binding(threads);
    std::vector<Image> reference, frames;
    if (s.root()) reference = render_all_seq(anim), frames.assign(anim.frames(), anim.blank());

    std::vector<LadderRung> rungs{
        // Each record says what its rung really used: seq one rank, one thread; static one thread per rank.
        {"seq", [&] { if (s.root()) for (int f = 0; f < anim.frames(); ++f) render_frame_seq(anim, f, frames[f]); },
         [](Record& r) { r.ranks = 1, r.threads = 1; }},
        {"static", [&] { render_static(anim, frames, MPI_COMM_WORLD); }, [](Record& r) { r.threads = 1; }},
        {"static-omp", [&] { render_static(anim, frames, MPI_COMM_WORLD, hybrid::render_band_omp); }},
        {"farm-omp", [&] { render_farm(anim, frames, MPI_COMM_WORLD, anim.height(), hybrid::render_band_omp); }},
        {"farm-all", [&] { hybrid::render_farm_shared(anim, frames, MPI_COMM_WORLD, anim.height()); }},
    };
    Ladder l;
    l.proto.module = "06-hybrid";
    l.proto.kernel = "render";
    l.proto.width = rs.width, l.proto.height = rs.height, l.proto.frames = rs.frames;
    l.proto.ranks = s.size();
    l.proto.threads = threads;
    l.proto.notes.push_back({"samples", std::to_string(rs.samples)});
    l.work = double(anim.pixels_per_frame()) * anim.frames() / 1e6;
    l.unit = "Mpixel/s";
    l.baseline = "seq";
    l.check = render_check(anim, reference, frames);
    return run_ladder(select_rungs(rungs, variants), l, opt);
  });
}
