#include "parlab/timing.hpp"

#include "parlab/calibrate.hpp"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>

namespace parlab {

Stats summarize(std::vector<double> t) {
  if (t.empty()) throw std::invalid_argument("summarize: no samples");
  std::sort(t.begin(), t.end());
  Stats s;
  s.reps = static_cast<int>(t.size());
  s.min = t.front();
  s.max = t.back();
  const std::size_t n = t.size();
  s.median = n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2]);
  s.mean = std::accumulate(t.begin(), t.end(), 0.0) / n;
  double ss = 0;
  for (double x : t) ss += (x - s.mean) * (x - s.mean);
  s.stddev = n > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
  return s;
}

Stats measure(const std::function<void()>& fn, const TimingOptions& opt) {
  if (opt.min_reps < 1 || opt.max_reps < opt.min_reps)
    throw std::invalid_argument("measure: need 1 <= min_reps <= max_reps");
  for (int i = 0; i < opt.warmup; ++i) fn();
  std::vector<double> t;
  double total = 0;
  while (static_cast<int>(t.size()) < opt.max_reps &&
         (static_cast<int>(t.size()) < opt.min_reps || total < opt.min_seconds)) {
    Stopwatch w;
    fn();
    t.push_back(w.seconds());
    total += t.back();
  }
  return summarize(std::move(t));
}

double process_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double speedup(double t_base, double t_p) { return t_base / t_p; }
double efficiency(double s, int p) { return s / p; }
double karp_flatt(double s, int p) {
  if (p <= 1) return std::numeric_limits<double>::quiet_NaN();
  return (1.0 / s - 1.0 / p) / (1.0 - 1.0 / p);
}

namespace {
// One run is ~0.4 ms, shorter than a scheduler time slice, so on a busy machine some
// runs still have the core to themselves and the best of many is the peak, not half of it.
double fma_loop_gflops() {
  constexpr long kIters = 250'000;
  Stopwatch w;
  const double sink = fma_chains(kIters);
  const double t = w.seconds();
  if (sink == 42.0) std::abort();  // keeps the loop alive
  return fma_chains_flops(kIters) / t / 1e9;
}
}  // namespace

double peak_gflops(int threads) {
  static double per_core = [] {
    if (const char* e = std::getenv("PARLAB_PEAK_GFLOPS")) {
      char* end = nullptr;
      double v = std::strtod(e, &end);
      if (end != e && v > 0) return v;
    }
    double best = 0;
    for (int i = 0; i < 40; ++i) best = std::max(best, fma_loop_gflops());
    return best;
  }();
  unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  return per_core * std::min<unsigned>(static_cast<unsigned>(std::max(threads, 1)), hw);
}

}  // namespace parlab
