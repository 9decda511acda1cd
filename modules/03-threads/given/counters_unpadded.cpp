// Given: the per-thread counters without padding (the false-sharing lesson; exercise:
// counters_atomic.cpp).
#include "sync.hpp"

namespace parlab::threads {

PerThreadCounts count_unpadded(int threads, long iters) { return count_per_thread<PlainSlot>(threads, iters); }

}  // namespace parlab::threads
