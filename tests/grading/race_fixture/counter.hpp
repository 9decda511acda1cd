#pragma once
// Count to threads * iters with `threads` threads sharing one counter.
namespace parlab {
long count_shared(int threads, long iters);
}  // namespace parlab
