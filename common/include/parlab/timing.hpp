// The timing harness: wall-clock (steady_clock) repetitions and their statistics.
#pragma once
#include <chrono>
#include <functional>
#include <vector>

namespace parlab {

struct Stats {
  int reps = 0;
  double min = 0, median = 0, max = 0, mean = 0, stddev = 0;  // seconds
};

// Statistics of a sample of times (seconds). Throws on an empty sample.
Stats summarize(std::vector<double> samples);

struct TimingOptions {
  int warmup = 1;             // untimed runs first (caches, page faults, thread start-up)
  int min_reps = 3;           // at least this many timed runs...
  int max_reps = 50;          // ...at most this many...
  double min_seconds = 0.25;  // ...and keep going until this much time was measured
};

// Runs fn warmup times untimed, then repeatedly under the wall clock.
Stats measure(const std::function<void()>& fn, const TimingOptions& opt = {});

// The CPU time of this process so far, every thread's (CLOCK_PROCESS_CPUTIME_ID): against
// the wall clock it says how many cores a run kept busy.
double process_cpu_seconds();

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  void reset() { start_ = std::chrono::steady_clock::now(); }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Parallel performance metrics (p = workers).
double speedup(double t_base, double t_p);            // S = T1 / Tp
double efficiency(double speedup, int p);             // E = S / p
double karp_flatt(double speedup, int p);             // e = (1/S - 1/p) / (1 - 1/p); NaN for p = 1

// Peak double-precision GFLOP/s for `threads` cores: PARLAB_PEAK_GFLOPS (per core)
// from the environment if set, else measured once with an FMA loop on one core.
double peak_gflops(int threads);

}  // namespace parlab
