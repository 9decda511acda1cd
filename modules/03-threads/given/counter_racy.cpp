// BROKEN ON PURPOSE (given, kept as a demonstration): the racy shared counter.
//
// ++counter is three steps: read the value, add one, write it back. Two cooks read
// the same old value, both write old + 1, and one update is lost. How many are lost
// depends on the timing of this run; the program is wrong even when none are.
// ThreadSanitizer (make race) reports it as a data race with both lines.
// Fixed in counter_mutex.cpp and counters_atomic.cpp.
#include <atomic>
#include <chrono>
#include <thread>

#include "sync.hpp"

namespace parlab::threads {

long count_racy(int threads, long iters) {
  long counter = 0;
  std::atomic<int> at_start_line{0};
  run_workers(threads, [&](int) {
    // Wait (at most a second) until every cook is ready, so that their increments
    // overlap even in a short demo, as they would in a longer program.
    at_start_line.fetch_add(1);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (at_start_line.load() < threads && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
    // volatile only keeps the compiler from folding the loop into one "+= iters",
    // as real code with work between the increments would. It synchronizes nothing.
    volatile long& shared = counter;
    for (long i = 0; i < iters; ++i) shared = shared + 1;  // the race: read, add, write
  });
  return counter;
}

}  // namespace parlab::threads
