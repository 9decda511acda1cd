// A correct submission: std::atomic.
#include <atomic>
#include <thread>
#include <vector>

#include "counter.hpp"

namespace parlab {

long count_shared(int threads, long iters) {
  std::atomic<long> counter{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (long i = 0; i < iters; ++i) counter.fetch_add(1, std::memory_order_relaxed);
    });
  for (auto& th : pool) th.join();
  return counter.load();
}

}  // namespace parlab
