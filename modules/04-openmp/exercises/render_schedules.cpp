// Exercise 6 - balancing an uneven frame: loop schedules over rows, then tiles.
//
// A row of sky costs one ray a sample; a row through the glass balls costs dozens.
// Which rows a thread gets, and when it is decided, is the loop's *schedule*. Four
// schedules are four rungs of omp_render (static, static1, dynamic, guided), but one
// loop serves them all: render_scheduled writes it once, with the schedule chosen at
// run time, so that you can measure every schedule with the same code. render_tiles
// then cuts the frame into square tiles, which cut the glass both ways, and hands
// them out with a schedule you choose from what the rows measured (REPORT.md Q1).
// Every iteration writes only its own row or tile, and shade() is pure: the image is
// bit-identical to the sequential one whatever the schedule.
#include <omp.h>

#include "openmp.hpp"
#include "parlab/error.hpp"

namespace parlab::omp {

void render_scheduled(const Animation& anim, std::vector<Image>& frames, int threads, Schedule s) {
  const int h = anim.height();
  // BEGIN SOLUTION
  // The run-sched-var of this thread: what schedule(runtime) of the next loops reads.
  omp_set_schedule(s.kind, s.chunk);
  for (int f = 0; f < anim.frames(); ++f) {
#pragma omp parallel for schedule(runtime) num_threads(threads)
    for (int y = 0; y < h; ++y) render_rows(anim, f, frames[f], y, y + 1);
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): render every frame, one loop iteration per row (render_rows), on
  // // `threads` threads, with the rows handed out by the schedule `s` (kind and chunk)
  // // that the caller chose at run time.
  // // Constraint: one loop and one directive for all four schedules; no switch over
  // // s.kind with four copies of the loop. The images must be bit-identical to the
  // // sequential render.
  // // Look up: the `schedule(runtime)` clause, omp_set_schedule, omp_sched_t (what a
  // // chunk of 0 means for each kind), num_threads.
  // // Think: predict, from threads_render_cost's ray counts (module 03), which
  // // schedule is slowest on 2 threads and by how much; then run
  // // `omp_render --threads 1,2 --variants static,static1,dynamic,guided` (REPORT.md).
  // (void)h, (void)frames, (void)threads, (void)s;
  // throw not_implemented("render_scheduled (modules/04-openmp/exercises/render_schedules.cpp)");
  // END STUDENT
}

void render_tiles(const Animation& anim, std::vector<Image>& frames, int threads, int tile) {
  const std::vector<Tile> tiles = make_tiles(anim.width(), anim.height(), tile);
  const long count = static_cast<long>(tiles.size());
  for (int f = 0; f < anim.frames(); ++f) {
    // BEGIN SOLUTION
#pragma omp parallel for schedule(dynamic) num_threads(threads)
    for (long t = 0; t < count; ++t) render_tile(anim, f, frames[f], tiles[t]);
    // END SOLUTION
    // BEGIN STUDENT
    // // TODO (goal): render frame f tile by tile (render_tile on each of `tiles`), the
    // // tiles shared among `threads` threads so that no thread waits while tiles are left.
    // // Constraint: choose the schedule yourself, from what render_scheduled's four
    // // rungs measured, and justify it in REPORT.md (Q1).
    // // Look up: make_tiles / render_tile (common/include/parlab/render.hpp), schedule kinds.
    // // Think (predict, then measure): a tile cuts the glass both ways, a row only one
    // // way. Predict the tiles rung against the best row schedule on 2 threads, then
    // // run `omp_render --threads 1,2 --variants static,dynamic,tiles`. When does the
    // // tile matter more: with many threads or with few, with small frames or big?
    // (void)count, (void)frames, (void)threads;
    // throw not_implemented("render_tiles (modules/04-openmp/exercises/render_schedules.cpp)");
    // END STUDENT
  }
}

}  // namespace parlab::omp
