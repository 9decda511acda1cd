// Exercise 5 - render with a thread pool, one task per tile.
//
// ThreadPool (thread_pool.hpp, given: read it) keeps `threads` cooks on staff and
// an order board. Cut every frame into tile x tile squares (make_tiles), submit one
// task per (frame, tile) that calls render_tile, and wait for all of them. The
// pool's queue balances the load like the work queue of exercise 4, but the
// tasks can be anything, and a task's exception comes back through its future.
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
  // // TODO: for every frame f and every Tile t in tiles, pool.submit a task (a lambda
  // // capturing t and f by value) that calls render_tile(anim, f, frames[f], t);
  // // keep the std::future<void> it returns, then call get() on every future.
  // throw not_implemented("render_pool (modules/03-threads/render_pool.cpp)");
  // END STUDENT
}

}  // namespace parlab::threads
