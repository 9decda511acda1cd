// Driver: the animation rendered with OpenMP schedules, tiles and frames; every
// image is checked bit-identical to the sequential render.
#include "openmp.hpp"
#include "parlab/driver.hpp"
#include "parlab/environment.hpp"
#include "parlab/main.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/omp_team.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  std::vector<RenderRung> rungs{
      seq_render_rung(),
      {"static", manifest::about("rows, schedule(static): one block of rows per thread", manifest::label("omp_render", "static")), omp::render_static, true},
      {"static1", manifest::about("rows, schedule(static, 1): rows dealt round-robin", manifest::label("omp_render", "static1")), omp::render_static1, true},
      {"dynamic", manifest::about("rows, schedule(dynamic, 2): a queue of row pairs", manifest::label("omp_render", "dynamic")),
       [](auto& a, auto& f, int t) { omp::render_dynamic(a, f, t); }, true},
      {"guided", manifest::about("rows, schedule(guided): shrinking chunks", manifest::label("omp_render", "guided")), omp::render_guided, true},
      {"tiles", manifest::about("16x16 tiles, the schedule you choose", manifest::label("omp_render", "tiles")),
       [](auto& a, auto& f, int t) { omp::render_tiles(a, f, t); }, true},
      {"frames", manifest::about("whole frames in parallel", manifest::label("omp_render", "frames")), omp::render_frames, true},
      {"collapsed", manifest::about("frames x rows, collapse(2)", manifest::label("omp_render", "collapsed")), omp::render_collapsed, true},
  };
  return run_main([&] {  // default_thread_counts: a bad OMP_NUM_THREADS is a usage error
    return run_render_driver(argc, argv,
                           {.module = "04-openmp",
                            .program = "omp_render",
                            .about = "Render the animation with OpenMP: loop schedules on uneven rows, tiles, whole frames.",
                            .rungs = rungs,
                            .baseline = "seq",
                            .defaults = RenderSettings{320, 180, 4, 4, 5},
                            .default_threads = default_thread_counts(),
                            .team = parlab::omp_team_size});
  });
}
