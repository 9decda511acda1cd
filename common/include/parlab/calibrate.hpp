// An ideal parallel loop: independent workers, no shared data, no memory traffic, no
// synchronisation but the join, each keeping the FMA units busy the way a tuned matmul
// does. Its speedup on p workers over one is what the cores give right now: about 2.0 on
// two idle cores, about 1.0 when another process holds one of them or the two "cores"
// are hyperthreads of one. It is the yardstick a grader checks a rung's scaling against
// (--calibrate, parlab/ladder.hpp), and its single-thread form measures the FMA peak.
#pragma once

namespace parlab {

// `iterations` of kChains independent vector FMA chains on this thread; returns their
// sum so nothing is elided. fma_chains_flops: the flops that is.
double fma_chains(long iterations);
double fma_chains_flops(long iterations);

// `iterations` of fma_chains split evenly over `threads` threads (this one included, the
// rest the kept team of parlab/team.hpp).
double ideal_loop(long iterations, int threads);

// Iterations per calibration run: tens of milliseconds on one core.
inline constexpr long ideal_loop_iterations = 1L << 23;

}  // namespace parlab
