// stream_triad - the memory roof for the roofline plot: a[i] = b[i] + s * c[i] (STREAM's
// triad) on 1..P threads, in GB/s. tools/scaling.py reads its JSON records (kernel "triad")
// as the measured bandwidth; the matmul drivers' % of peak gives the compute roof.
// Counted traffic is 3 x 8 bytes per element (STREAM's convention: no write-allocate).
#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "parlab/ladder.hpp"
#include "parlab/main.hpp"
#include "parlab/memory.hpp"

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
  using namespace parlab;
  return run_main([&] {
    long mib = 256, n = 0;
    RunOptions opt;
    opt.reps = 5, opt.min_time = 0.5;
    std::vector<double> a, b, c;
    const double s = 3.0;
    auto triad = [&](int t) {
      for_blocks(t, n, [&](long lo, long hi) {
        for (long i = lo; i < hi; ++i) a[i] = b[i] + s * c[i];
      });
    };
    const std::vector<Rung> rungs{Rung("triad", "a = b + s*c, each thread streaming its own block", triad, true)};
    Cli cli("stream_triad", "Memory bandwidth: the STREAM triad a = b + s*c, in GB/s.");
    cli.option("mib", mib, "MiB per array (three arrays); far above the caches", 1, 1 << 20);
    add_run_options(cli, opt, rungs, true);
    if (!cli.parse(argc, argv)) return 0;
    n = mib * (1L << 20) / 8;
    require_memory(3ull * 8 * n, "stream_triad with --mib " + std::to_string(mib));
    Runner runner(opt);
    a.resize(n), b.resize(n), c.resize(n);
    runner.banner("slurm", "triad", "n=" + std::to_string(n));
    Ladder l;
    l.proto.module = "slurm";
    l.proto.kernel = "triad";
    l.proto.n = n;
    l.work = 3.0 * 8.0 * double(n) / 1e9;  // GB moved per run
    l.unit = "GB/s";
    // NaN in a, and b, c touched first by the threads that stream them (first-touch: the
    // pages sit near the cores that use them) - for the largest thread count asked.
    const int first_touch = *std::max_element(opt.threads.begin(), opt.threads.end());
    for_blocks(first_touch, n, [&](long lo, long hi) {
      for (long i = lo; i < hi; ++i) b[i] = 1.0 + double(i % 7), c[i] = 0.5 * double(i % 5);
    });
    l.poison = [&] { std::fill(a.begin(), a.end(), std::numeric_limits<double>::quiet_NaN()); };
    l.check = [&](int) {
      // Every element checked: the result is exact in double (small integers and halves).
      bool ok = true;
      for (long i = 0; i < n && ok; ++i) ok = a[i] == b[i] + s * c[i];
      return Verdict::check(ok, ok ? "a = b + s*c everywhere" : "wrong element");
    };
    return runner.finish(runner.run(l, rungs));
  });
}
