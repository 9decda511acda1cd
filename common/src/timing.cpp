#include "parlab/timing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>

#if defined(__x86_64__) && (defined(__AVX512F__) || defined(__FMA__))
#include <immintrin.h>
#endif

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

double speedup(double t_base, double t_p) { return t_base / t_p; }
double efficiency(double s, int p) { return s / p; }
double karp_flatt(double s, int p) {
  if (p <= 1) return std::numeric_limits<double>::quiet_NaN();
  return (1.0 / s - 1.0 / p) / (1.0 - 1.0 / p);
}

double matmul_gflops(long m, long n, long k, double seconds) {
  return 2.0 * double(m) * double(n) * double(k) / seconds / 1e9;
}
double mpixels_per_s(long pixels, double seconds) { return double(pixels) / seconds / 1e6; }

namespace {
// Independent FMA chains, enough to cover the FMA latency on two ports. One run is
// ~0.4 ms, shorter than a scheduler time slice, so on a busy machine some runs still
// have the core to themselves and the best of many is the peak, not half of it.
double fma_loop_gflops() {
  constexpr int kChains = 12;
  constexpr long kIters = 250'000;
  Stopwatch w;
#if defined(__AVX512F__)
  __m512d acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = _mm512_set1_pd(0.001 * c);
  const __m512d a = _mm512_set1_pd(0.999999), b = _mm512_set1_pd(1e-9);
  for (long i = 0; i < kIters; ++i)
    for (int c = 0; c < kChains; ++c) acc[c] = _mm512_fmadd_pd(acc[c], a, b);
  double lanes[8], sink = 0;
  for (int c = 0; c < kChains; ++c) {
    _mm512_storeu_pd(lanes, acc[c]);
    for (double l : lanes) sink += l;
  }
  constexpr int kLanes = 8;
#elif defined(__FMA__)
  __m256d acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = _mm256_set1_pd(0.001 * c);
  const __m256d a = _mm256_set1_pd(0.999999), b = _mm256_set1_pd(1e-9);
  for (long i = 0; i < kIters; ++i)
    for (int c = 0; c < kChains; ++c) acc[c] = _mm256_fmadd_pd(acc[c], a, b);
  double lanes[4], sink = 0;
  for (int c = 0; c < kChains; ++c) {
    _mm256_storeu_pd(lanes, acc[c]);
    sink += lanes[0] + lanes[1] + lanes[2] + lanes[3];
  }
  constexpr int kLanes = 4;
#else
  double acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = 0.001 * c;
  for (long i = 0; i < kIters; ++i)
    for (int c = 0; c < kChains; ++c) acc[c] = std::fma(acc[c], 0.999999, 1e-9);
  double sink = 0;
  for (int c = 0; c < kChains; ++c) sink += acc[c];
  constexpr int kLanes = 1;
#endif
  const double t = w.seconds();
  if (sink == 42.0) std::abort();  // keeps the loop alive
  return 2.0 * kLanes * kChains * double(kIters) / t / 1e9;
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
