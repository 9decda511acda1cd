// Driver: the frame farm - static split of rows versus master/worker bands handed out on
// demand - against rank 0 rendering alone. Frames must be bit-identical to the sequential ones.
//   mpirun -np 3 mpi_render --width 320 --height 180 --frames 8 --band 4
#include <optional>

#include "mpi.hpp"
#include "parlab/driver.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, MPI_THREAD_SINGLE, [&](mpi::Session& s) {
    RenderSettings rs{320, 180, 8, 4, 5};
    int band = 4;
    RunOptions opt;
    opt.min_time = 0.2;
    std::optional<Animation> anim;  // once the options are known
    std::vector<Image> reference, frames;
    const std::vector<Rung> rungs{
        root_seq_render_rung("rank 0 alone, every frame with render_frame_seq (the baseline)", anim, frames, s.root()),
        Rung("static", manifest::about("rank r renders the same block of rows in every frame; rank 0 gathers", manifest::label("mpi_render", "static")),
             [&](int) { render_static(*anim, frames, MPI_COMM_WORLD); }),
        Rung("dynamic", manifest::about("master/worker: rank 0 hands out bands of --band rows on demand, needs >= 2 ranks", manifest::label("mpi_render", "dynamic")),
             [&](int) { render_farm(*anim, frames, MPI_COMM_WORLD, band); }),
    };
    Cli cli("mpi_render", "Render the animation across MPI ranks (run it with mpirun -np P).");
    add_render_options(cli, rs).option("band", band, "rows per work item of the dynamic farm", 1, 16384);
    add_run_options(cli, opt, rungs, false);
    if (!cli.parse(argc, argv)) return 0;
    anim.emplace(rs);  // validates sizes and memory
    if (opt.wants("dynamic") && s.size() < 2)
      throw usage_error("--variants dynamic: the master/worker farm needs at least 2 ranks (rank 0 only hands out "
                        "work); run with mpirun -np 2 or more, or choose --variants seq,static");
    mpi::require_per_rank(rs.height, s.size(), "--height", "row");
    Runner runner(opt, mpi::team());

    runner.banner("05-mpi", "render", render_params(rs) + " band=" + std::to_string(band));
    mpi::print_placement();
    if (s.root()) reference = render_all_seq(*anim), frames = reference;
    Ladder l = render_ladder("05-mpi", rs, *anim, reference, frames, s.root());
    l.proto.notes.push_back({"band", std::to_string(band)});
    std::vector<Record> recs = runner.run(l, rungs);
    runner.speedup_table(recs, "seq");
    return runner.finish(recs);
  });
}
