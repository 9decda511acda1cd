// Exercise 3 - deal the rows like cards, and count what each cook gets.
//
// Block partitioning hands the cook with the glass the dearest band. Dealt like cards
// (cyclically), every cook's share mixes sky and glass without anyone measuring a cost
// first. This exercise writes the deal twice: once to render, once as the cost model
// threads_render_cost prints (the rays each cook would cast), so your prediction in
// REPORT.md Q1 comes from your own deal, and the model must agree with the render.
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
  // // TODO (goal): every frame rendered by `threads` workers, the rows of each frame
  // // dealt to them cyclically (round-robin, like cards), any height and thread count.
  // // Constraint: no shared state between workers, no measuring of costs beforehand;
  // // start the workers with run_workers.
  // // Look up: "cyclic distribution" (round-robin), run_workers, render_rows.
  // // Think: which rows does worker t draw, and how many, when `threads` does not divide
  // // the height?
  // throw not_implemented("render_cyclic (modules/03-threads/exercises/render_cyclic.cpp)");
  // END STUDENT
}

double cyclic_imbalance(const std::vector<long>& row_cost, int threads) {
  check_threads(threads);
  // BEGIN SOLUTION
  std::vector<long> share(threads, 0);
  for (std::size_t y = 0; y < row_cost.size(); ++y) share[y % threads] += row_cost[y];
  return busiest_over_average(share);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the busiest worker's rays over the average when the rows (row_cost[y]:
  // // the rays of row y) are dealt exactly as render_cyclic deals them; any row count,
  // // also fewer rows than workers.
  // // Constraint: count, do not time; the same deal as render_cyclic.
  // // Look up: busiest_over_average and block_imbalance (given/render_imbalance.cpp).
  // // Think: predict this scene's figure on 2 and 7 threads before you run
  // // threads_render_cost. Then invent the rays of a few rows on which your deal is as
  // // unbalanced as block on 2 threads: what must such a cost profile look like, and
  // // would the work queue (exercise 4) suffer from it too?
  // (void)row_cost;
  // throw not_implemented("cyclic_imbalance (modules/03-threads/exercises/render_cyclic.cpp)");
  // END STUDENT
}

}  // namespace parlab::threads
