// stream_triad - the memory roof for the roofline plot: a[i] = b[i] + s * c[i] (STREAM's
// triad) on 1..P threads, in GB/s. tools/scaling.py reads its JSON records (kernel "triad")
// as the measured bandwidth; the matmul drivers' % of peak gives the compute roof.
// Counted traffic is 3 x 8 bytes per element (STREAM's convention: no write-allocate).
#include <algorithm>
#include <cmath>
#include <iostream>
#include <thread>
#include <vector>

#include "parlab/cli.hpp"
#include "parlab/driver.hpp"
#include "parlab/report.hpp"
#include "parlab/timing.hpp"

namespace {

// Each thread touches (first-touch) and then streams its own contiguous block, so the pages
// sit near the core that uses them.
void for_blocks(int threads, long n, auto&& body) {
  std::vector<std::jthread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([=, &body] { body(n * t / threads, n * (t + 1) / threads); });
}

}  // namespace

int main(int argc, char** argv) {
  return parlab::run_main([&] {
    long mib = 256;
    std::vector<int> threads{1};
    int reps = 5;
    double min_time = 0.5;
    std::string json;
    parlab::Cli cli("stream_triad", "Memory bandwidth: the STREAM triad a = b + s*c, in GB/s.");
    cli.option("mib", mib, "MiB per array (three arrays); far above the caches", 1, 1 << 20)
        .option("threads", threads, "thread counts", 1, 1024)
        .option("reps", reps, "at least this many timed runs", 1, 1000)
        .option("min-time", min_time, "and at least this many seconds of timed runs", 0.0, 600.0)
        .option("json", json, "write JSON records to this file");
    if (!cli.parse(argc, argv)) return 0;
    const long n = mib * (1L << 20) / 8;
    parlab::require_memory(3ull * 8 * n, "stream_triad with --mib " + std::to_string(mib));
    if (!json.empty()) parlab::JsonReport{}.write(json);  // fail early if unwritable

    std::vector<double> a(n), b(n), c(n);
    const double s = 3.0;
    parlab::print_banner("slurm", "triad", "n=" + std::to_string(n) + " threads=" + parlab::join_ints(threads) + " ranks=1");
    parlab::JsonReport report;
    for (int t : threads) {
      for_blocks(t, n, [&](long lo, long hi) {
        for (long i = lo; i < hi; ++i) a[i] = 0, b[i] = 1.0 + double(i % 7), c[i] = 0.5 * double(i % 5);
      });
      auto triad = [&] {
        for_blocks(t, n, [&](long lo, long hi) {
          for (long i = lo; i < hi; ++i) a[i] = b[i] + s * c[i];
        });
      };
      parlab::Record r;
      r.module = "slurm";
      r.kernel = "triad";
      r.variant = "triad";
      r.n = n;
      r.threads = t;
      r.stats = parlab::measure(triad, {1, reps, std::max(reps, 50), min_time});
      // Every element checked: the result is exact in double (small integers and halves).
      bool ok = true;
      for (long i = 0; i < n && ok; ++i) ok = a[i] == b[i] + s * c[i];
      const std::string label = "triad x" + std::to_string(t);
      parlab::print_validates(label, ok, ok ? "a = b + s*c everywhere" : "wrong element");
      if (!ok) return 1;
      r.validated = true;
      r.rate = 3.0 * 8.0 * double(n) / r.stats.median / 1e9;
      r.rate_unit = "GB/s";
      parlab::print_rate(label, r.rate, r.rate_unit, r.stats);
      report.add(r);
    }
    if (!json.empty()) {
      report.write(json);
      std::cout << "JSON records: " << json << '\n';
    }
    return 0;
  });
}
