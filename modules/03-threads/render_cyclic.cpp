// Exercise 3 - render with interleaved (cyclic) partitioning.
//
// Deal the rows like cards: worker t takes rows t, t + threads, t + 2*threads, ...
// of every frame. Expensive and cheap rows now alternate within every worker's
// share, so the shares cost about the same - without measuring anything. The price:
// neighbouring rows go to different cores (less locality; harmless here, since a
// row of pixels is far larger than a cache line).
#include "parlab/error.hpp"
#include "threads.hpp"
#include "workers.hpp"

namespace parlab::threads {

void render_cyclic(const Animation& anim, std::vector<Image>& frames, int threads) {
  check_threads(threads);
  check_frames(anim, frames);
  // BEGIN SOLUTION
  run_workers(threads, [&](int t) {
    for (int f = 0; f < anim.frames(); ++f)
      for (int y = t; y < anim.height(); y += threads) render_rows(anim, f, frames[f], y, y + 1);
  });
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): every frame rendered by `threads` workers, the rows dealt like cards
  // // (worker t takes every threads-th row, starting at row t), one row per render_rows call.
  // // Constraint: no shared state between workers, no measuring of costs beforehand.
  // // Look up: run_workers, render_rows.
  // // Think: why do cheap and expensive rows now even out across workers? What would a
  // // scene whose cost repeats every `threads` rows do to this scheme?
  // throw not_implemented("render_cyclic (modules/03-threads/render_cyclic.cpp)");
  // END STUDENT
}

}  // namespace parlab::threads
