// Exercises 6-10 - loop schedules on an uneven workload.
//
// A row of sky costs one ray a sample; a row through the glass balls costs dozens.
// schedule(static) gives each thread one contiguous block of rows, decided before
// the loop starts: whoever gets the glass finishes last while the other waits.
// (static, 1) deals rows round-robin like cards; (dynamic, k) lets a free thread
// take the next k rows (a queue: balance, at the price of one atomic per chunk);
// guided starts with big chunks and shrinks them toward the end.
// Every iteration writes only its own row, and shade() is pure: the image is
// bit-identical to the sequential one whatever the schedule.
#include "openmp.hpp"
#include "parlab/error.hpp"

namespace parlab::omp {

void render_static(const Animation& anim, std::vector<Image>& frames, int threads) {
  const int h = anim.height();
  for (int f = 0; f < anim.frames(); ++f) {
    // BEGIN SOLUTION
#pragma omp parallel for schedule(static) num_threads(threads)
    for (int y = 0; y < h; ++y) render_rows(anim, f, frames[f], y, y + 1);
    // END SOLUTION
    // BEGIN STUDENT
    // // TODO: one iteration per row y, render_rows(anim, f, frames[f], y, y + 1), as a
    // // `#pragma omp parallel for schedule(static) num_threads(threads)` loop.
    // (void)h, (void)frames, (void)threads;
    // throw not_implemented("render_static (modules/04-openmp/render_schedules.cpp)");
    // END STUDENT
  }
}

void render_static1(const Animation& anim, std::vector<Image>& frames, int threads) {
  const int h = anim.height();
  for (int f = 0; f < anim.frames(); ++f) {
    // BEGIN SOLUTION
#pragma omp parallel for schedule(static, 1) num_threads(threads)
    for (int y = 0; y < h; ++y) render_rows(anim, f, frames[f], y, y + 1);
    // END SOLUTION
    // BEGIN STUDENT
    // // TODO: the loop of render_static, with schedule(static, 1): rows dealt round-robin.
    // (void)h, (void)frames, (void)threads;
    // throw not_implemented("render_static1 (modules/04-openmp/render_schedules.cpp)");
    // END STUDENT
  }
}

void render_dynamic(const Animation& anim, std::vector<Image>& frames, int threads, int chunk) {
  const int h = anim.height();
  for (int f = 0; f < anim.frames(); ++f) {
    // BEGIN SOLUTION
#pragma omp parallel for schedule(dynamic, chunk) num_threads(threads)
    for (int y = 0; y < h; ++y) render_rows(anim, f, frames[f], y, y + 1);
    // END SOLUTION
    // BEGIN STUDENT
    // // TODO: the loop of render_static, with schedule(dynamic, chunk): a free thread takes
    // // the next `chunk` rows.
    // (void)h, (void)frames, (void)threads, (void)chunk;
    // throw not_implemented("render_dynamic (modules/04-openmp/render_schedules.cpp)");
    // END STUDENT
  }
}

void render_guided(const Animation& anim, std::vector<Image>& frames, int threads) {
  const int h = anim.height();
  for (int f = 0; f < anim.frames(); ++f) {
    // BEGIN SOLUTION
#pragma omp parallel for schedule(guided) num_threads(threads)
    for (int y = 0; y < h; ++y) render_rows(anim, f, frames[f], y, y + 1);
    // END SOLUTION
    // BEGIN STUDENT
    // // TODO: the loop of render_static, with schedule(guided): chunks shrink as the rows run out.
    // (void)h, (void)frames, (void)threads;
    // throw not_implemented("render_guided (modules/04-openmp/render_schedules.cpp)");
    // END STUDENT
  }
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
    // // TODO: one iteration per tile t, render_tile(anim, f, frames[f], tiles[t]), handed
    // // out with schedule(dynamic). Tiles are squares: the glass is split in both directions.
    // (void)count, (void)frames, (void)threads;
    // throw not_implemented("render_tiles (modules/04-openmp/render_schedules.cpp)");
    // END STUDENT
  }
}

}  // namespace parlab::omp
