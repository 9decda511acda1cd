// The roofs a kernel's rate is measured against (Record::roof): the cores' floating-point
// peak (parlab/timing.hpp: peak_gflops) and the memory bandwidth, measured with STREAM's
// triad (the same kernel as the stream_triad driver, common/drivers/).
#pragma once
#include <vector>

#include "parlab/report.hpp"

namespace parlab {

// a[i] = b[i] + s * c[i] on `threads` threads, each streaming its own contiguous block
// (the blocks of triad_first_touch: the pages sit near the cores that use them).
void triad(std::vector<double>& a, const std::vector<double>& b, const std::vector<double>& c, double s, int threads);
// b and c filled (small integers and halves: every triad result is exact) and a zeroed, each
// block written first by the thread that streams it.
void triad_first_touch(std::vector<double>& a, std::vector<double>& b, std::vector<double>& c, int threads);
// STREAM's count of the bytes a triad of n elements moves: 3 x 8 per element (no write-allocate).
inline double triad_bytes(long n) { return 3.0 * 8.0 * double(n); }

// The memory bandwidth `threads` threads reach, in GB/s: PARLAB_PEAK_GBS (the node's, at
// any thread count) if set, else the best of a few triads on arrays far above the caches,
// measured once per thread count.
double peak_bandwidth_gbs(int threads);

// The roof of `roof` for `workers` cores, in GFLOP/s (compute) or GB/s (memory); NaN for none.
double roof_rate(Roof roof, int workers);
// The record's rate against its roof, in %: its flops (compute) or bytes (memory) per
// median second over roof_rate for its workers (ranks x threads); NaN without a roof, its work or times.
double pct_of_roof(const Record& r);
// "GFLOP/s" or "GB/s": the roof's unit.
const char* roof_unit(Roof roof);

}  // namespace parlab
