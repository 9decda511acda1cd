// stream_triad - the memory roof for the roofline plot: a[i] = b[i] + s * c[i] (STREAM's
// triad) on 1..P threads, in GB/s. tools/scaling.py reads its JSON records (kernel "triad")
// as the measured bandwidth; the matmul drivers' % of peak gives the compute roof. Its
// records name the memory roof and the bytes of a run; the kernel is parlab/roof.hpp's, the
// one that measures the bandwidth roof of a memory-bound ladder.
// Counted traffic is 3 x 8 bytes per element (STREAM's convention: no write-allocate).
#include <algorithm>
#include <limits>
#include <vector>

#include "parlab/ladder.hpp"
#include "parlab/main.hpp"
#include "parlab/memory.hpp"
#include "parlab/roof.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  return run_main([&] {
    long mib = 256, n = 0;
    RunOptions opt;
    opt.reps = 5, opt.min_time = 0.5;
    std::vector<double> a, b, c;
    const double s = 3.0;
    const std::vector<Rung> rungs{Rung("triad", "a = b + s*c, each thread streaming its own block",
                                       [&](int t) { triad(a, b, c, s, t); }, true)};
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
    l.proto.module = "slurm";  // the roofline job's: the readers (tools/scaling.py) know it by its kernel
    l.proto.kernel = "triad";
    l.proto.set_size("n", n);
    l.proto.flops = 2.0 * double(n);
    l.proto.bytes = triad_bytes(n);
    l.proto.roof = Roof::memory;
    l.work = l.proto.bytes / 1e9;  // GB moved per run
    l.unit = "GB/s";
    // b and c touched first by the threads that stream them, for the largest thread count asked.
    triad_first_touch(a, b, c, *std::max_element(opt.threads.begin(), opt.threads.end()));
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
