// Exercise 6 - render with a thread pool, one task per tile.
//
// Your ThreadPool (exercise 5) keeps `threads` cooks on staff and an order board.
// The pool's queue balances the load like the work queue of exercise 4, but a task
// can be anything, and a task's exception comes back through its future.
// Until exercise 5 is done, this one fails too (its pool throws not_implemented).
#include <future>

#include "parlab/error.hpp"
#include "thread_pool.hpp"
#include "threads.hpp"
#include "workers.hpp"

namespace parlab::threads {

void render_pool(const Animation& anim, std::vector<Image>& frames, int threads, int tile) {
  check_threads(threads);
  check_frames(anim, frames);
  const std::vector<Tile> tiles = make_tiles(anim.width(), anim.height(), tile);  // throws if tile < 1
  ThreadPool pool(threads);
  // BEGIN SOLUTION
  std::vector<std::future<void>> done;
  done.reserve(tiles.size() * anim.frames());
  for (int f = 0; f < anim.frames(); ++f)
    for (const Tile& t : tiles) done.push_back(pool.submit([&anim, &frames, f, t] { render_tile(anim, f, frames[f], t); }));
  for (auto& d : done) d.get();  // waits; rethrows a task's exception here
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): every frame cut into tiles (the `tiles` above), one pool task per
  // // (frame, tile) calling render_tile, and return only when every task has finished.
  // // Constraint: a task's exception must reach the caller of render_pool.
  // // Look up: ThreadPool::submit, std::future::get, lambda capture by value.
  // // Think: what goes wrong if the lambda captures the loop variables by reference?
  // // How many tasks does a 640x360 frame make with tile = 16, and is that too many?
  // throw not_implemented("render_pool (modules/03-threads/render_pool.cpp)");
  // END STUDENT
}

}  // namespace parlab::threads
