#pragma once
// Count to threads * iters with `threads` threads sharing one counter.
long count_shared(int threads, long iters);
