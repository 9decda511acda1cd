// Driver: the animation rendered with OpenMP schedules, tiles and frames; every
// image is checked bit-identical to the sequential render.
#include "openmp.hpp"
#include "parlab/driver.hpp"
#include "parlab/environment.hpp"
#include "parlab/main.hpp"
#include "parlab/omp_team.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  std::vector<RenderRung> rungs{
      seq_render_rung(),
      {"static", "rows, schedule(static): one block of rows per thread (exercise 6)", omp::render_static, true},
      {"static1", "rows, schedule(static, 1): rows dealt round-robin (exercise 6)", omp::render_static1, true},
      {"dynamic", "rows, schedule(dynamic, 2): a queue of row pairs (exercise 6)",
       [](auto& a, auto& f, int t) { omp::render_dynamic(a, f, t); }, true},
      {"guided", "rows, schedule(guided): shrinking chunks (exercise 6)", omp::render_guided, true},
      {"tiles", "16x16 tiles shared dynamically (exercise 7)",
       [](auto& a, auto& f, int t) { omp::render_tiles(a, f, t); }, true},
      {"frames", "whole frames in parallel (exercise 8)", omp::render_frames, true},
      {"collapsed", "frames x rows, collapse(2) (exercise 9)", omp::render_collapsed, true},
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
