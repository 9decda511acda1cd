// Driver: why block partitioning is slow on this scene, without a clock. Counts the
// rays of every row (Animation::rays), draws the cost profile of a frame, and
// prints how unevenly block and cyclic partitioning share the rays among p cooks.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>

#include "parlab/driver.hpp"
#include "parlab/main.hpp"
#include "threads.hpp"
#include "workers.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::threads;
  return run_main([&] {
    RenderSettings s{320, 180, 4, 4, 5};
    RunOptions opt;
    opt.threads = {2, 3, 4, 7, 16};
    int bands = 18;
    std::vector<long> cost;  // rays per row, all frames together
    double imbalance = 0;
    auto share = [&](double (*measure)(const std::vector<long>&, int)) {
      return [&, measure](int t) { imbalance = measure(cost, t); };
    };
    auto verdict = [&](int t) {
      Verdict v = Verdict::check(true, "the busiest cook gets " + fmt(imbalance, 3) + "x the average: at best " +
                                           fmt(t / imbalance, 2) + "x on " + std::to_string(t));
      v.extra = {{"imbalance", imbalance}, {"best_speedup", t / imbalance}};
      return v;
    };
    const std::vector<Rung> rungs{
        Rung("block", "contiguous bands of rows: the busiest cook's rays / average", share(block_imbalance), true)
            .untimed().checked_by(verdict),
        Rung("cyclic", "rows dealt round-robin: the busiest cook's rays / average", share(cyclic_imbalance), true)
            .untimed().checked_by(verdict),
    };
    Cli cli("threads_render_cost",
            "The cost of each row of the animation in rays, and the load imbalance of block vs cyclic\n"
            "partitioning (busiest cook's rays / average; p / imbalance = best possible speedup). No clock:\n"
            "the rungs are counted, not timed.");
    add_render_options(cli, s).option("bands", bands, "bars in the cost profile", 1, 200);
    add_run_options(cli, opt, rungs, true, kMaxThreads);
    if (!cli.parse(argc, argv)) return 0;
    Runner runner(opt);
    const Animation anim(s);
    runner.banner("03-threads", "render_cost", render_params(s) + " bands=" + std::to_string(bands));
    cost.assign(anim.height(), 0);
    for (int f = 0; f < anim.frames(); ++f) {
      const auto c = row_rays(anim, f);
      for (int y = 0; y < anim.height(); ++y) cost[y] += c[y];
    }
    const auto [lo, hi] = std::minmax_element(cost.begin(), cost.end());
    std::cout << "Rays per row (all frames): cheapest " << *lo << ", dearest " << *hi << " (" << fmt(double(*hi) / *lo, 1)
              << "x)\nCost profile, top of the image first:\n";
    bands = std::min(bands, anim.height());
    std::vector<long> band(bands, 0);
    for (int b = 0; b < bands; ++b) {
      const Range r = block_range(anim.height(), bands, b);
      band[b] = std::accumulate(cost.begin() + r.begin, cost.begin() + r.end, 0L) / std::max(1L, r.size());
    }
    const long top = *std::max_element(band.begin(), band.end());
    for (int b = 0; b < bands; ++b) {
      const Range r = block_range(anim.height(), bands, b);
      const int bar = top ? int(50.0 * band[b] / top + 0.5) : 0;
      std::printf("  rows %4ld-%-4ld %8ld |%s\n", r.begin, r.end - 1, band[b], std::string(bar, '#').c_str());
    }
    std::fflush(stdout);

    Ladder l;
    l.proto.module = "03-threads";
    l.proto.kernel = "render_cost";
    describe_render(l.proto, s);
    const std::vector<Record> recs = runner.run(l, rungs);
    // Its own table: block and cyclic side by side at each thread count.
    Table t({"threads", "block imbalance", "block best x", "cyclic imbalance", "cyclic best x"});
    for (int p : opt.threads) {
      std::vector<std::string> row{std::to_string(p)};
      for (const char* variant : {"block", "cyclic"}) {
        double imb = NAN;
        for (const auto& r : recs)
          if (r.variant == variant && r.threads == p) imb = r.extra.at(0).second;
        row.push_back(fmt(imb, 3));
        row.push_back(fmt(p / imb, 2));
      }
      t.add(row);
    }
    std::cout << '\n';
    t.print(std::cout);
    std::cout << "(imbalance: the busiest cook's rays over the average; the work queue balances itself, ~1)\n";
    return runner.finish(recs);
  });
}
