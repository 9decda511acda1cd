// Exercise 6 - loop schedules on an uneven workload (exercise 7, tiles: render_tiles.cpp).
//
// A row of sky costs one ray a sample; a row through the glass balls costs dozens.
// Which rows a thread gets, and when it is decided, is the loop's *schedule*. Four
// schedules are four rungs of omp_render (static, static1, dynamic, guided), but one
// loop serves them all: exercise 6 writes it once, with the schedule chosen at run
// time, so that you can measure every schedule with the same code.
// Every iteration writes only its own row, and shade() is pure: the image is
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

}  // namespace parlab::omp
