// Given: how unevenly the rows of a frame load the threads (the render cost lesson).
#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "sync.hpp"
#include "threads.hpp"

namespace parlab::threads {

std::vector<long> row_rays(const Animation& anim, int frame) {
  std::vector<long> cost(anim.height(), 0);
  for (int y = 0; y < anim.height(); ++y)
    for (int x = 0; x < anim.width(); ++x) cost[y] += anim.rays(frame, x, y);
  return cost;
}

double busiest_over_average(const std::vector<long>& share) {
  const double total = std::accumulate(share.begin(), share.end(), 0.0);
  return total > 0 ? *std::max_element(share.begin(), share.end()) * double(share.size()) / total : 1.0;
}

double block_imbalance(const std::vector<long>& row_cost, int threads) {
  check_threads(threads);
  std::vector<long> share(threads, 0);
  for (int t = 0; t < threads; ++t) {
    const Range r = block_range(static_cast<long>(row_cost.size()), threads, t);
    share[t] = std::accumulate(row_cost.begin() + r.begin, row_cost.begin() + r.end, 0L);
  }
  return busiest_over_average(share);
}

}  // namespace parlab::threads
