// Exercise 2 - render with block partitioning.
//
// Give each of `threads` cooks one contiguous band of rows, the same band in every
// frame (block_range in workers.hpp), and let each call render_rows on its band.
// Workers write disjoint rows of each image: no locks needed. Use run_workers
// (workers.hpp): your std::threads from exercise 1, plus exception forwarding.
//
// Then look at the timings: the bands do not cost the same. The sky at the top is
// one ray a sample; the glass balls lower down cost 30-60 times more. The cook with
// the expensive band finishes last while the others wait - load imbalance.
#include "parlab/error.hpp"
#include "threads.hpp"
#include "workers.hpp"

namespace parlab::threads {

void render_block(const Animation& anim, std::vector<Image>& frames, int threads) {
  check_threads(threads);
  check_frames(anim, frames);
  // BEGIN SOLUTION
  run_workers(threads, [&](int t) {
    const Range rows = block_range(anim.height(), threads, t);
    for (int f = 0; f < anim.frames(); ++f) render_rows(anim, f, frames[f], rows.begin, rows.end);
  });
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): every frame rendered by `threads` workers, worker t owning one
  // // contiguous band of rows (the same band in every frame), each band drawn with
  // // render_rows.
  // // Constraint: start the workers with run_workers (workers.hpp), not raw std::threads:
  // // it forwards a worker's exception to the caller.
  // // Look up: block_range, run_workers, render_rows (threads.hpp / workers.hpp).
  // // Think: threads_render_cost prints how many rays each band costs. Before you time
  // // it: which band finishes last, and what speedup does that allow on 2 threads?
  // throw not_implemented("render_block (modules/03-threads/render_block.cpp)");
  // END STUDENT
}

}  // namespace parlab::threads
