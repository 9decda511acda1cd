// Driver: the frame farm - static split of rows versus master/worker bands handed out on
// demand - against rank 0 rendering alone. Frames must be bit-identical to the sequential ones.
//   mpirun -np 3 mpi_render --width 320 --height 180 --frames 8 --band 4
#include <algorithm>
#include <iostream>

#include "mpi05.hpp"
#include "mpi_ladder.hpp"
#include "parlab/cli.hpp"
#include "parlab/error.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, MPI_THREAD_SINGLE, [&](mpi::Session& s) {
    RenderSettings rs{320, 180, 8, 4, 5};
    int band = 4;
    std::vector<std::string> variants;
    mpi::DriverOptions opt;
    const std::vector<std::string> names{"seq", "static", "dynamic"};
    Cli cli("mpi_render",
            "Render the animation across MPI ranks (run it with mpirun -np P).\n"
            "rungs:\n  seq       rank 0 alone (the baseline)\n"
            "  static    rank r renders the same block of rows in every frame; rank 0 gathers\n"
            "  dynamic   master/worker: rank 0 hands out bands of --band rows on demand (needs >= 2 ranks)");
    add_render_options(cli, rs);
    cli.option("band", band, "rows per work item of the dynamic farm", 1, 16384);
    add_run_options(cli, variants, names, opt);
    if (!cli.parse(argc, argv)) return 0;
    const Animation anim(rs);  // validates sizes and memory
    if (wants(variants, "dynamic") && s.size() < 2)
      throw usage_error("--variants dynamic: the master/worker farm needs at least 2 ranks (rank 0 only hands out "
                        "work); run with mpirun -np 2 or more, or choose --variants seq,static");
    require_per_rank(rs.height, s.size(), "--height", "row");
    mpi::check_json_target(opt.json);

    if (s.root())
      print_banner("05-mpi", "render",
                   render_params(rs) + " band=" + std::to_string(band) +
                       " threads=1 ranks=" + std::to_string(s.size()));
    print_placement();
    std::vector<Image> reference, frames;
    if (s.root()) reference = render_all_seq(anim), frames.assign(anim.frames(), anim.blank());

    std::vector<LadderRung> rungs{
        {"seq", [&] { if (s.root()) for (int f = 0; f < anim.frames(); ++f) render_frame_seq(anim, f, frames[f]); },
         [](Record& r) { r.ranks = 1; }},  // the record says what it used: one rank
        {"static", [&] { render_static(anim, frames, MPI_COMM_WORLD); }},
        {"dynamic", [&] { render_farm(anim, frames, MPI_COMM_WORLD, band); }},
    };
    Ladder l;
    l.proto.module = "05-mpi";
    l.proto.kernel = "render";
    l.proto.width = rs.width, l.proto.height = rs.height, l.proto.frames = rs.frames;
    l.proto.ranks = s.size();
    l.proto.notes.push_back({"samples", std::to_string(rs.samples)});
    l.proto.notes.push_back({"band", std::to_string(band)});
    l.work = double(anim.pixels_per_frame()) * anim.frames() / 1e6;
    l.unit = "Mpixel/s";
    l.baseline = "seq";
    l.check = render_check(anim, reference, frames);
    return run_ladder(select_rungs(rungs, variants), l, opt);
  });
}
