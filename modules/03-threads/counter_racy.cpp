// BROKEN ON PURPOSE (given, kept as a demonstration): the racy shared counter.
//
// ++counter is three steps: read the value, add one, write it back. Two cooks read
// the same old value, both write old + 1, and one update is lost. How many are lost
// depends on the timing of this run; the program is wrong even when none are.
// ThreadSanitizer (make race) reports it as a data race with both lines.
// Fixed in counter_mutex.cpp and counter_atomic.cpp.
#include "sync.hpp"

namespace parlab::threads {

long count_racy(int threads, long iters) {
  long counter = 0;
  run_workers(threads, [&](int) {
    // volatile only keeps the compiler from folding the loop into one "+= iters",
    // as real code with work between the increments would. It synchronizes nothing.
    volatile long& shared = counter;
    for (long i = 0; i < iters; ++i) shared = shared + 1;  // the race: read, add, write
  });
  return counter;
}

}  // namespace parlab::threads
