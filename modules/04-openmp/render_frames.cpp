// Exercises 8 and 9 - more parallelism than one frame holds.
//
// A frame of 90 rows cut among 16 threads leaves little to balance; an animation
// has frames x rows iterations. Frames in parallel: each thread renders whole
// frames (few, big pieces - fine when frames >> threads). collapse(2) makes frames
// x rows ONE iteration space, one parallel region instead of one per frame, so the
// team never waits at a barrier between frames.
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
  // // Think: with 4 frames and 3 threads, what is the best speedup this rung can reach?
  // (void)anim, (void)count, (void)frames, (void)threads;
  // throw not_implemented("render_frames (modules/04-openmp/render_frames.cpp)");
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
  // // Constraint: one parallel loop, images bit-identical to the sequential render.
  // // Look up: the `collapse` clause (what the loops must look like to be collapsed).
  // // Think: compared with exercise 6 (one loop per frame), how many barriers does this
  // // save, and when would you notice it?
  // (void)count, (void)h, (void)frames, (void)threads;
  // throw not_implemented("render_collapsed (modules/04-openmp/render_frames.cpp)");
  // END STUDENT
}

}  // namespace parlab::omp
