// Exercise 8 - cure false sharing with padding.
//
// count_unpadded (given) gives each worker its own counter, but in a vector of
// 8-byte PlainSlots: eight counters share one 64-byte cache line. A core must own a
// line to write it, so the cores steal the line from each other on every increment
// - as slow as sharing one counter, though no data is shared at all.
// Declare a slot type that fills a whole cache line (alignas(kCacheLine) makes both
// its alignment and its size a multiple of 64 bytes) and count with it.
#include "parlab/error.hpp"
#include "sync.hpp"

namespace parlab::threads {

PerThreadCounts count_padded(int threads, long iters) {
  // BEGIN SOLUTION
  struct alignas(kCacheLine) PaddedSlot {
    std::atomic<long> value{0};
  };
  static_assert(sizeof(PaddedSlot) == kCacheLine);
  return count_per_thread<PaddedSlot>(threads, iters);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO: declare `struct alignas(kCacheLine) PaddedSlot { std::atomic<long> value{0}; };`
  // // (a local struct is fine) and return count_per_thread<PaddedSlot>(threads, iters).
  // (void)threads, (void)iters;
  // throw not_implemented("count_padded (modules/03-threads/counters_padded.cpp)");
  // END STUDENT
}

}  // namespace parlab::threads
