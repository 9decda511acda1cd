// Exercise 6 - fix the racy counter with a mutex.
//
// One cook at a time at the tally sheet: a std::mutex guards the counter and a
// std::lock_guard holds it for exactly one increment (it unlocks in its destructor,
// also if an exception flies). Correct, but every increment now waits its turn:
// compare its rate with the racy one in threads_sync.
#include <mutex>

#include "parlab/error.hpp"
#include "sync.hpp"

namespace parlab::threads {

long count_with_mutex(int threads, long iters) {
  long counter = 0;
  // BEGIN SOLUTION
  std::mutex counter_mutex;
  run_workers(threads, [&](int) {
    for (long i = 0; i < iters; ++i) {
      const std::lock_guard lock(counter_mutex);
      ++counter;
    }
  });
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO: a std::mutex beside the counter; run_workers(threads, ...) where each
  // // worker does `iters` times: { std::lock_guard lock(the_mutex); ++counter; }
  // (void)threads, (void)iters;
  // throw not_implemented("count_with_mutex (modules/03-threads/counter_mutex.cpp)");
  // END STUDENT
  return counter;
}

}  // namespace parlab::threads
