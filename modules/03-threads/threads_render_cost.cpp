// Driver: why block partitioning is slow on this scene, without a clock. Counts the
// rays of every row (Animation::rays), draws the cost profile of a frame, and
// prints how unevenly block and cyclic partitioning share the rays among p cooks.
#include <algorithm>
#include <iostream>
#include <numeric>

#include "lesson_driver.hpp"
#include "parlab/cli.hpp"
#include "threads.hpp"
#include "workers.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::threads;
  return run_main([&] {
    RenderSettings s{320, 180, 4, 4, 5};
    std::vector<int> thread_counts{2, 3, 4, 7, 16};
    int bands = 18;
    std::string json;
    Cli cli("threads_render_cost",
            "The cost of each row of the animation in rays, and the load imbalance of block vs cyclic\n"
            "partitioning (busiest cook's rays / average; p / imbalance = best possible speedup).");
    add_render_options(cli, s)
        .option("threads", thread_counts, "thread counts to analyse", 1, kMaxThreads)
        .option("bands", bands, "bars in the cost profile", 1, 200)
        .option("json", json, "write JSON records to this file");
    if (!cli.parse(argc, argv)) return 0;
    check_json_path(json);
    const Animation anim(s);
    print_banner("03-threads", "render_cost",
                 render_params(s) + " threads=" + join_ints(thread_counts) + " ranks=1");
    std::vector<long> cost(anim.height(), 0);  // all frames together
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
    Table t({"threads", "block imbalance", "block best x", "cyclic imbalance", "cyclic best x"});
    std::vector<Record> recs;
    for (int p : thread_counts) {
      const double b = block_imbalance(cost, p), c = cyclic_imbalance(cost, p);
      t.add({std::to_string(p), fmt(b, 3), fmt(p / b, 2), fmt(c, 3), fmt(p / c, 2)});
      for (const auto& [variant, imb] : {std::pair{"block", b}, std::pair{"cyclic", c}}) {
        Record r;
        r.module = "03-threads";
        r.kernel = "render_cost";
        r.variant = variant;
        r.width = s.width, r.height = s.height, r.frames = s.frames;
        r.threads = p;
        r.rate = imb;
        r.rate_unit = "max/mean rays";
        r.validated = true;
        r.extra.push_back({"best_speedup", p / imb});
        recs.push_back(r);
      }
    }
    std::cout << '\n';
    t.print(std::cout);
    std::cout << "(imbalance: the busiest cook's rays over the average; the work queue balances itself, ~1)\n";
    write_json(recs, json);
    return 0;
  });
}
