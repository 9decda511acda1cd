// Driver: map/reduce on tasks, and throughput versus latency. The animation's colour
// histogram, sequentially and with histogram_async at each --tasks count. Per rung:
// throughput (frames per second, against sequential) and the latency of one frame
// (its map call's start to its end): with more tasks than cores, throughput stays
// up while every frame takes longer - the cores are shared by more frames at once.
#include <algorithm>
#include <cmath>
#include <iostream>

#include "histogram.hpp"
#include "parlab/driver.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/main.hpp"

using namespace parlab;
using namespace parlab::async;

int main(int argc, char** argv) {
  return run_main([&] {
    RenderSettings s{160, 90, 8, 2, 5};
    RunOptions opt;
    opt.threads = {1, 2, 4};
    std::vector<double> latency;      // the map step, timed: each frame's latency is its own call's
    std::vector<Histogram> mapped;    // what each frame's map call gave in this run: the run's own work
    std::vector<int> calls;
    MapFrame count, timed;
    Histogram got, expect;
    auto with_latency = [&](Record& x) {  // the median frame latency of the rung's last timed run
      std::vector<double> sorted = latency;
      std::sort(sorted.begin(), sorted.end());
      x.extra.push_back({"frame_latency_s", sorted[sorted.size() / 2]});
    };
    const std::vector<Rung> rungs{
        Rung("seq", "every frame's histogram, one after another (the baseline)",
             [&](int) {
               Histogram t;
               for (int f = 0; f < s.frames; ++f) t = t + timed(f);
               got = t;
             }).described_by(with_latency),
        Rung("async",
             manifest::about("histogram_async: at most --threads std::async tasks in flight",
                             manifest::label("async_histogram", "async")),
             [&](int n) { got = histogram_async(s.frames, timed, n); }, true)
            .described_by(with_latency),
    };
    Cli cli("async_histogram",
            "Map/reduce on tasks: the animation's colour histogram (map: frame -> histogram, reduce: +),\n"
            "sequential and with at most --threads std::async tasks in flight. Reports throughput and the\n"
            "latency of one frame: more tasks than cores keep throughput, and every frame waits longer.");
    add_render_options(cli, s);
    add_run_options(cli, opt, rungs, true, 256);
    if (!cli.parse(argc, argv)) return 0;
    Runner runner(opt);
    const Animation animation(s);
    runner.banner("02-async", "histogram", render_params(s));
    expect = animation_histogram_seq(animation);
    latency.assign(animation.frames(), 0);
    count = render_and_count(animation);
    timed = [&](int f) {
      Stopwatch w;
      Histogram h = count(f);
      latency.at(f) = w.seconds();  // one slot per frame: no two tasks share one
      mapped.at(f) = h, ++calls.at(f);
      return h;
    };
    Ladder l;
    l.proto.module = "02-async";
    l.proto.kernel = "histogram";
    describe_render(l.proto, s);
    l.work = s.frames;
    l.unit = "frames/s";
    l.poison = [&] { got = Histogram{}; };
    l.check = [&](int) {
      return Verdict::check(got == expect, got == expect ? "same counts as the sequential histogram" : "counts differ");
    };
    // Every timed run maps every frame itself (a histogram kept from an earlier run fails):
    // what it returns must be the sum of this run's map calls.
    l.refresh = [&](std::uint64_t) {
      got = Histogram{};
      mapped.assign(s.frames, Histogram{}), calls.assign(s.frames, 0);
    };
    l.verify = [&](int, std::uint64_t) {
      if (std::count(calls.begin(), calls.end(), 0)) return Verdict::check(false, "a frame was not mapped in this run");
      Histogram sum;
      for (const Histogram& h : mapped) sum = sum + h;
      return Verdict::check(got == sum, "counts differ from the sum of this run's map calls");
    };
    mapped.assign(s.frames, Histogram{}), calls.assign(s.frames, 0);
    std::vector<Record> recs = runner.run(l, rungs);
    // Its own table: throughput and latency, both against seq.
    const Record* base = recs.empty() || recs[0].variant != "seq" ? nullptr : &recs[0];
    Table t({"variant", "tasks", "frames/s", "x seq", "frame latency ms", "latency x seq"});
    for (Record& r : recs) {
      const double lat = r.extra[0].second;
      const double x = base ? base->stats.median / r.stats.median : NAN;
      const double lx = base ? lat / base->extra[0].second : NAN;
      if (base) r.extra.push_back({"speedup_vs_seq", x}), r.extra.push_back({"latency_vs_seq", lx});
      t.add({r.variant, std::to_string(r.threads), fmt(r.rate, 2), fmt(x, 2), fmt(lat * 1e3, 2), fmt(lx, 2)});
    }
    std::cout << '\n';
    t.print(std::cout);
    std::cout << "(throughput: frames per second of the whole run; latency: how long one frame's map call\n"
                 " took from its start. Tasks beyond the cores share them: throughput holds, latency grows.)\n";
    return runner.finish(recs);
  });
}
