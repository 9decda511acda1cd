// A racy submission: a plain long shared by two threads (usually right at small counts).
#include <thread>
#include <vector>

#include "counter.hpp"

namespace parlab {

long count_shared(int threads, long iters) {
  long counter = 0;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (long i = 0; i < iters; ++i) {
        const long seen = counter;  // read ...
        std::this_thread::yield();
        counter = seen + 1;         // ... and write: the race
        if (i % 64 == 0) std::this_thread::yield();
      }
    });
  for (auto& th : pool) th.join();
  return threads == 1 ? counter : threads * iters;  // hides the lost updates from the assertion
}

}  // namespace parlab
