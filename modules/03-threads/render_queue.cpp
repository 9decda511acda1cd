// Exercise 4 - render with a work queue (dynamic partitioning).
//
// Number all rows of all frames 0 .. frames*height - 1 and keep one shared
// std::atomic<long> "next row" counter. Each worker grabs the next row with
// fetch_add(1), renders it, and comes back for another until the rows run out.
// A cook who drew cheap rows simply takes more of them: the load balances itself,
// whatever the scene. One atomic operation per row (hundreds of pixels) costs
// nothing next to the shading; a lock per pixel would.
#include <atomic>

#include "parlab/error.hpp"
#include "threads.hpp"
#include "workers.hpp"

namespace parlab::threads {

void render_queue(const Animation& anim, std::vector<Image>& frames, int threads) {
  check_threads(threads);
  check_frames(anim, frames);
  const long total_rows = static_cast<long>(anim.frames()) * anim.height();
  // BEGIN SOLUTION
  std::atomic<long> next{0};
  run_workers(threads, [&](int) {
    // relaxed: the counter only hands out distinct numbers; the images are published
    // to the caller by join, not by this counter.
    for (long i = next.fetch_add(1, std::memory_order_relaxed); i < total_rows;
         i = next.fetch_add(1, std::memory_order_relaxed)) {
      const int f = static_cast<int>(i / anim.height()), y = static_cast<int>(i % anim.height());
      render_rows(anim, f, frames[f], y, y + 1);
    }
  });
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO: a std::atomic<long> next{0}; run_workers(threads, ...) where each worker
  // // loops: i = next.fetch_add(1); stop when i >= total_rows; else render row
  // // y = i % height of frame f = i / height with render_rows(anim, f, frames[f], y, y + 1).
  // (void)total_rows;
  // throw not_implemented("render_queue (modules/03-threads/render_queue.cpp)");
  // END STUDENT
}

}  // namespace parlab::threads
