// Exercise 8 - more parallelism than one frame holds (exercise 9: render_collapsed.cpp).
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
  // throw not_implemented("render_frames (modules/04-openmp/exercises/render_frames.cpp)");
  // END STUDENT
}

}  // namespace parlab::omp
