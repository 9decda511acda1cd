// Driver: map/reduce on tasks, and throughput versus latency. The animation's colour
// histogram, sequentially and with histogram_async at each --tasks count. Per rung:
// throughput (frames per second, against sequential) and the latency of one frame
// (its map call's start to its end): with more tasks than cores, throughput stays
// up while every frame takes longer - the cores are shared by more frames at once.
#include <algorithm>
#include <cmath>
#include <iostream>

#include "async_report.hpp"
#include "histogram.hpp"
#include "parlab/cli.hpp"
#include "parlab/driver.hpp"
#include "parlab/error.hpp"
#include "parlab/report.hpp"

using namespace parlab;
using namespace parlab::async;

int main(int argc, char** argv) {
  return run_main([&] {
    RenderSettings s{160, 90, 8, 2, 5};
    std::vector<int> tasks{1, 2, 4};
    int reps = 3;
    double min_time = 0.25;
    std::string json;
    Cli cli("async_histogram",
            "Map/reduce on tasks: the animation's colour histogram (map: frame -> histogram, reduce: +),\n"
            "sequential and with at most --tasks std::async tasks in flight. Reports throughput and the\n"
            "latency of one frame: more tasks than cores keep throughput, and every frame waits longer.");
    add_render_options(cli, s)
        .option("tasks", tasks, "tasks in flight for the async rung", 1, 256)
        .option("reps", reps, "at least this many timed runs", 1, 1000)
        .option("min-time", min_time, "and at least this many seconds of timed runs", 0.0, 600.0)
        .option("json", json, "write JSON records to this file");
    if (!cli.parse(argc, argv)) return 0;
    if (!json.empty()) JsonReport{}.write(json);
    const Animation anim(s);
    print_banner("02-async", "histogram", render_params(s) + " tasks=" + join_ints(tasks) + " ranks=1");
    const Histogram expect = animation_histogram_seq(anim);

    // The map step, timed: each frame's latency is its own call's duration.
    std::vector<double> latency(anim.frames());
    const MapFrame count = render_and_count(anim);
    const MapFrame timed = [&](int f) {
      Stopwatch w;
      Histogram h = count(f);
      latency.at(f) = w.seconds();  // one slot per frame: no two tasks share one
      return h;
    };
    std::vector<Record> recs;
    int failed = 0, missing = 0;
    auto rung = [&](const std::string& name, int n, const std::function<Histogram()>& run) {
      const std::string label = name + " x" + std::to_string(n);
      Histogram got;
      try {
        got = run();
      } catch (const not_implemented& e) {
        std::cout << "Solution not implemented [" << label << "]: " << e.what() << '\n';
        ++missing;
        return;
      }
      auto r = checked_record("histogram", name, got == expect,
                              got == expect ? "same counts as the sequential histogram" : "counts differ", failed);
      if (!r) return;
      r->threads = n;
      r->width = s.width, r->height = s.height, r->frames = s.frames;
      r->stats = measure([&] { run(); }, {0, reps, std::max(reps, 50), min_time});
      std::vector<double> sorted = latency;
      std::sort(sorted.begin(), sorted.end());
      r->rate = s.frames / r->stats.median, r->rate_unit = "frames/s";
      r->extra.push_back({"frame_latency_s", sorted[sorted.size() / 2]});
      print_rate(label, r->rate, r->rate_unit, r->stats);
      recs.push_back(*r);
    };
    rung("sequential", 1, [&] {
      Histogram t;
      for (int f = 0; f < s.frames; ++f) t = t + timed(f);
      return t;
    });
    for (int n : tasks) rung("async", n, [&] { return histogram_async(s.frames, timed, n); });

    const Record* base = recs.empty() || recs[0].variant != "sequential" ? nullptr : &recs[0];
    Table t({"variant", "tasks", "frames/s", "x sequential", "frame latency ms", "latency x sequential"});
    for (Record& r : recs) {
      const double lat = r.extra[0].second;
      const double x = base ? base->stats.median / r.stats.median : NAN;
      const double lx = base ? lat / base->extra[0].second : NAN;
      if (base) r.extra.push_back({"speedup_vs_sequential", x}), r.extra.push_back({"latency_vs_sequential", lx});
      t.add({r.variant, std::to_string(r.threads), fmt(r.rate, 2), fmt(x, 2), fmt(lat * 1e3, 2), fmt(lx, 2)});
    }
    std::cout << '\n';
    t.print(std::cout);
    std::cout << "(throughput: frames per second of the whole run; latency: how long one frame's map call\n"
                 " took from its start. Tasks beyond the cores share them: throughput holds, latency grows.)\n";
    if (!json.empty()) {
      JsonReport rep;
      for (const auto& r : recs) rep.add(r);
      rep.write(json);
      std::cout << "JSON records: " << json << '\n';
    }
    if (missing) std::cout << missing << " rung(s) not implemented yet\n";
    return failed ? 1 : missing ? 3 : 0;
  });
}
