#include "parlab/roof.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

#include "parlab/team.hpp"
#include "parlab/timing.hpp"

namespace parlab {

namespace {
// body(lo, hi) on `threads` threads (the kept team: parlab/team.hpp says why), thread t on
// the t-th of `threads` equal blocks of [0, n).
template <class Body>
void for_blocks(int threads, long n, const Body& body) {
  threads = std::max(threads, 1);
  team_run(threads, [&](int t) { body(n * t / threads, n * (t + 1) / threads); });
}

double env_gbs() {
  const char* e = std::getenv("PARLAB_PEAK_GBS");
  if (!e) return 0;
  char* end = nullptr;
  const double v = std::strtod(e, &end);
  return end != e && v > 0 ? v : 0;
}

double measure_triad_gbs(int threads) {
  const long n = 8L << 20;  // 64 MiB per array: far above the caches
  std::vector<double> a(n), b(n), c(n);
  triad_first_touch(a, b, c, threads);
  double best = 0;
  for (int i = 0; i < 5; ++i) {
    Stopwatch w;
    triad(a, b, c, 3.0, threads);
    best = std::max(best, triad_bytes(n) / w.seconds() / 1e9);
  }
  return best;
}
}  // namespace

void triad(std::vector<double>& a, const std::vector<double>& b, const std::vector<double>& c, double s, int threads) {
  double* pa = a.data();
  const double* pb = b.data();
  const double* pc = c.data();
  for_blocks(threads, long(a.size()), [=](long lo, long hi) {
    for (long i = lo; i < hi; ++i) pa[i] = pb[i] + s * pc[i];
  });
}

void triad_first_touch(std::vector<double>& a, std::vector<double>& b, std::vector<double>& c, int threads) {
  for_blocks(threads, long(a.size()), [&](long lo, long hi) {
    for (long i = lo; i < hi; ++i) a[i] = 0, b[i] = 1.0 + double(i % 7), c[i] = 0.5 * double(i % 5);
  });
}

double peak_bandwidth_gbs(int threads) {
  if (const double v = env_gbs()) return v;
  const int hw = int(std::max(1u, std::thread::hardware_concurrency()));
  const int t = std::clamp(threads, 1, hw);
  static std::mutex mu;
  static std::map<int, double> measured;
  const std::lock_guard<std::mutex> lock(mu);
  auto it = measured.find(t);
  if (it == measured.end()) it = measured.emplace(t, measure_triad_gbs(t)).first;
  return it->second;
}

double roof_rate(Roof roof, int workers) {
  switch (roof) {
    case Roof::compute: return peak_gflops(workers);
    case Roof::memory: return peak_bandwidth_gbs(workers);
    case Roof::none: break;
  }
  return NAN;
}

const char* roof_unit(Roof roof) { return roof == Roof::memory ? "GB/s" : "GFLOP/s"; }

double pct_of_roof(const Record& r) {
  const double work = r.roof == Roof::compute ? r.flops : r.roof == Roof::memory ? r.bytes : 0;
  if (!(work > 0) || !(r.stats.median > 0)) return NAN;
  return 100.0 * work / 1e9 / r.stats.median / roof_rate(r.roof, r.workers());
}

}  // namespace parlab
