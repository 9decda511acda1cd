// Exercise 7 - more parallelism than one frame holds: two ways across the frames.
//
// Exercise 6 shares the work of one frame at a time (rows or tiles): a frame of 90
// rows cut among 16 threads leaves little to balance, and the team meets at a barrier
// after every frame. An animation has frames x rows independent pieces of work. Here you write two
// rungs that share all of them at once and measure which wins when:
//   render_frames     each thread renders whole frames: few, big pieces;
//   render_collapsed  every (frame, row) pair is one iteration of ONE parallel loop.
#include "openmp.hpp"
#include "parlab/error.hpp"

namespace parlab::omp {

void render_frames(const Animation& anim, std::vector<Image>& frames, int threads) {
  const int count = anim.frames();
  // BEGIN SOLUTION
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (int f = 0; f < count; ++f) render_frame_seq(anim, f, frames[f]);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): whole frames in parallel: each thread renders complete frames
  // // (render_frame_seq), as many threads as `threads`.
  // // Constraint: frames may cost different amounts (the camera moves).
  // // Look up: `omp parallel for`, schedule kinds.
  // // Think: see render_collapsed below (one question for both rungs).
  // (void)anim, (void)count, (void)frames, (void)threads;
  // throw not_implemented("render_frames (modules/04-openmp/exercises/render_frames.cpp)");
  // END STUDENT
}

void render_collapsed(const Animation& anim, std::vector<Image>& frames, int threads) {
  const int count = anim.frames(), h = anim.height();
  // BEGIN SOLUTION
#pragma omp parallel for collapse(2) schedule(dynamic, 2) num_threads(threads)
  for (int f = 0; f < count; ++f)
    for (int y = 0; y < h; ++y) render_rows(anim, f, frames[f], y, y + 1);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): frames x rows as ONE parallel iteration space (render_rows per row),
  // // so the team never waits at a barrier between frames.
  // // Constraint: one parallel loop, images bit-identical to the sequential render;
  // // rows differ in cost as much as frames do.
  // // Look up: the `collapse` clause (what the loops must look like to be collapsed),
  // // and how a schedule's chunks are counted once two loops are one.
  // // Think (predict, then measure): with F frames on T threads, what is the best
  // // speedup of render_frames (whole frames only), and of render_collapsed? Predict
  // // both for F = 4 and F = 3 on 2 threads, and for F = 1. Then measure them beside
  // // exercise 6's per-frame loop: omp_render --frames 3 --threads 1,2 --variants
  // // dynamic,frames,collapsed (and --frames 4, --frames 1). Which rung would you keep
  // // for a 2-frame preview on 16 cores, which for 10 000 frames, and why?
  // (void)count, (void)h, (void)frames, (void)threads;
  // throw not_implemented("render_collapsed (modules/04-openmp/exercises/render_frames.cpp)");
  // END STUDENT
}

}  // namespace parlab::omp
