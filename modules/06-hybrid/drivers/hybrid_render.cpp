// Driver: hybrid render - row blocks or whole frames across MPI ranks, tiles across the
// OpenMP threads of each rank. Frames must be bit-identical to the sequential ones.
//   OMP_NUM_THREADS=2 mpirun -np 2 --map-by slot:PE=2 hybrid_render
#include <algorithm>
#include <iostream>
#include <optional>

#include "hybrid.hpp"
#include "parlab/driver.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/environment.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"
#include "parlab/omp_team.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, hybrid::thread_level, [&](mpi::Session& s) {
    RenderSettings rs{320, 180, 8, 4, 5};
    RunOptions opt;
    opt.threads = default_thread_counts();  // 1 and OMP_NUM_THREADS (else the cores); a bad one: exit 2
    opt.min_time = 0.2;
    std::optional<Animation> anim;  // once the options are known
    std::vector<Image> reference, frames;
    const std::vector<Rung> rungs{
        root_seq_render_rung("rank 0 alone, one thread, render_frame_seq (the baseline)", anim, frames, s.root()),
        Rung("static", "rank r renders rows block r of every frame, one thread per rank (module 05)",
             [&](int) { render_static(*anim, frames, MPI_COMM_WORLD); }),
        Rung("static-omp", manifest::about("the same, each rank's rows cut into tiles shared by --threads threads", manifest::label("hybrid_render", "static-omp")),
             [&](int t) {
               render_static(*anim, frames, MPI_COMM_WORLD, [t](const Animation& a, int f, Image& img, int y0, int y1) {
                 hybrid::render_band_omp(a, f, img, y0, y1, t);
               });
             },
             true)
            .teamed_by(omp_team_size),
        Rung("farm-omp", manifest::about("whole frames handed out by rank 0 on demand, tiles across threads; >= 2 ranks", manifest::label("hybrid_render", "farm-omp")),
             [&](int t) { hybrid::render_farm_shared(*anim, frames, MPI_COMM_WORLD, anim->height(), t, false); },
             true)
            .teamed_by(omp_team_size),
        Rung("farm-all", manifest::about("the same farm, but rank 0's other threads render too; any rank count", manifest::label("hybrid_render", "farm-all")),
             [&](int t) { hybrid::render_farm_shared(*anim, frames, MPI_COMM_WORLD, anim->height(), t); },
             true)
            .teamed_by(omp_team_size),
    };
    Cli cli("hybrid_render", "Render the animation over MPI ranks x OpenMP threads (run with mpirun -np P).");
    add_render_options(cli, rs);
    add_run_options(cli, opt, rungs, true);
    if (!cli.parse(argc, argv)) return 0;
    anim.emplace(rs);
    if (opt.wants("farm-omp") && s.size() < 2)
      throw usage_error("--variants farm-omp: the farm needs at least 2 ranks (rank 0 only hands out frames); "
                        "run with mpirun -np 2 or more, or choose --variants seq,static,static-omp");
    mpi::require_per_rank(rs.height, s.size(), "--height", "row");
    Runner runner(opt, mpi::team());

    runner.banner("06-hybrid", "render", render_params(rs));
    if (s.root())
      std::cout << "Thread level: asked " << mpi::thread_level_name(hybrid::thread_level) << ", got "
                << mpi::thread_level_name(s.provided()) << '\n';
    hybrid::print_binding(*std::max_element(opt.threads.begin(), opt.threads.end()));
    if (s.root()) reference = render_all_seq(*anim), frames = reference;
    Ladder l = render_ladder("06-hybrid", rs, *anim, reference, frames, s.root());
    std::vector<Record> recs = runner.run(l, rungs);
    runner.speedup_table(recs, "seq");
    return runner.finish(recs);
  });
}
