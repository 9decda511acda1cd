// Driver: a breakfast recipe as a task graph (a DAG), run by the student's executor
// on 1, 2, 4 ... workers. Prints each run's schedule, the work and the
// span (longest path) of the graph, and the speedup they allow.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <mutex>

#include "knife.hpp"
#include "parlab/ladder.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/main.hpp"
#include "taskgraph.hpp"

using namespace parlab;
using namespace parlab::async;

namespace {

struct Recipe {
  std::string name;
  double units;  // duration in time units
  std::vector<std::string> needs;
};

const std::vector<Recipe> kRecipe{
    {"boil water", 4, {}},        {"grind beans", 1, {}},
    {"brew coffee", 2, {"boil water", "grind beans"}},
    {"pour coffee", 0.5, {"brew coffee"}},
    {"heat pan", 2, {}},          {"crack eggs", 0.5, {}},
    {"fry eggs", 3, {"heat pan", "crack eggs"}},
    {"slice bread", 0.5, {}},     {"toast bread", 2, {"slice bread"}},
    {"butter toast", 0.5, {"toast bread"}},
    {"squeeze juice", 1.5, {}},
    {"serve", 0.5, {"pour coffee", "fry eggs", "butter toast", "squeeze juice"}},
};

// Work (sum of all tasks) and span (the longest chain), in units.
std::pair<double, double> work_and_span() {
  std::vector<double> finish(kRecipe.size());
  double work = 0, span = 0;
  for (std::size_t i = 0; i < kRecipe.size(); ++i) {  // kRecipe lists inputs first
    double start = 0;
    for (const auto& d : kRecipe[i].needs)
      for (std::size_t j = 0; j < i; ++j)
        if (kRecipe[j].name == d) start = std::max(start, finish[j]);
    finish[i] = start + kRecipe[i].units;
    work += kRecipe[i].units;
    span = std::max(span, finish[i]);
  }
  return {work, span};
}

struct Span {
  double t0 = -1, t1 = -1;
};

}  // namespace

int main(int argc, char** argv) {
  return run_main([&] {
    int scale = 40, columns = 50;
    std::vector<std::string> work_kinds{"io"};
    RunOptions opt;
    opt.threads = {1, 2, 4};
    opt.reps = 1, opt.min_time = 0;  // the tasks take real time: one checked and one timed run
    bool cpu = false;                // this ladder's kind of work

    // The graph: each task logs its start and end, and counts how many run at once.
    std::mutex m;
    Stopwatch clock;
    std::vector<Span> spans(kRecipe.size());
    std::vector<std::string> order;
    int running = 0, max_running = 0;
    TaskGraph g;
    for (std::size_t i = 0; i < kRecipe.size(); ++i) {
      std::vector<TaskGraph::Id> deps;
      for (const auto& d : kRecipe[i].needs)
        for (std::size_t j = 0; j < i; ++j)
          if (kRecipe[j].name == d) deps.push_back(j);
      g.add(kRecipe[i].name,
            [&, i] {
              {
                std::lock_guard lock(m);
                spans[i].t0 = clock.seconds();
                order.push_back(kRecipe[i].name);
                max_running = std::max(max_running, ++running);
              }
              const auto d = Millis(static_cast<long>(kRecipe[i].units * scale));
              if (cpu) {
                // Calibrated roughly: ~1500 pixels of shading per ms on one core here.
                KnifeConfig c;
                c.cpu_pixels = static_cast<int>(d.count() * 1500);
                run_knife_task(Workload::cpu, c, static_cast<int>(i));
              } else {
                std::this_thread::sleep_for(d);
              }
              std::lock_guard lock(m);
              --running;
              spans[i].t1 = clock.seconds();
            },
            deps);
    }
    auto run = [&](int p) {
      spans.assign(kRecipe.size(), Span{});
      order.clear();
      running = max_running = 0;
      clock.reset();
      run_graph(g, p);
    };
    // Validation: every task ran once, after everything it needs; then the schedule.
    auto check = [&](int p) {
      for (std::size_t i = 0; i < kRecipe.size(); ++i) {
        if (spans[i].t0 < 0 || spans[i].t1 < 0) return Verdict::check(false, "'" + kRecipe[i].name + "' never ran");
        if (std::count(order.begin(), order.end(), kRecipe[i].name) != 1)
          return Verdict::check(false, "'" + kRecipe[i].name + "' ran twice");
        for (auto d : g.deps(i))
          if (spans[d].t1 > spans[i].t0)
            return Verdict::check(false, "'" + kRecipe[i].name + "' started before '" + kRecipe[d].name + "' was done");
      }
      double end = 0;
      for (const auto& s : spans) end = std::max(end, s.t1);
      std::cout << "schedule with " << p << " worker(s):\n";
      for (std::size_t i = 0; i < kRecipe.size(); ++i) {
        std::string bar(columns, ' ');
        const int c0 = std::clamp(static_cast<int>(spans[i].t0 / end * columns), 0, columns - 1);
        const int c1 = std::clamp(static_cast<int>(spans[i].t1 / end * columns + 0.5), c0 + 1, columns);
        std::fill(bar.begin() + c0, bar.begin() + c1, '=');
        std::cout << "  " << kRecipe[i].name << std::string(14 - kRecipe[i].name.size(), ' ') << "|" << bar << "|\n";
      }
      Verdict v = Verdict::check(true, "every task after its inputs");
      v.extra = {{"max_concurrent", double(max_running)}};
      return v;
    };
    const std::vector<Rung> rungs{
        Rung("pool", manifest::about("the task-graph executor on --threads workers", manifest::label("async_taskgraph", "pool")), run,
             true).checked_by(check)};

    Cli cli("async_taskgraph",
            "A breakfast recipe as a task graph, run by the task-graph executor (" +
                std::string(manifest::label("async_taskgraph", "pool")) + ") on\n"
            "several worker counts (--threads). --work io: each task waits (a timer); --work cpu: each\n"
            "task computes; --work io,cpu: both.");
    cli.option("scale", scale, "milliseconds per time unit", 1, 10000)
        .option("work", work_kinds, "io (tasks wait) and/or cpu (tasks compute)", {"io", "cpu"})
        .option("width", columns, "chart width in characters", 10, 400);
    add_run_options(cli, opt, rungs, true, kMaxWorkers);
    if (!cli.parse(argc, argv)) return 0;
    Runner runner(opt);

    const auto [work, span] = work_and_span();
    std::string kinds;
    for (const auto& k : work_kinds) kinds += (kinds.empty() ? "" : ",") + k;
    runner.banner("02-async", "taskgraph",
                  "tasks=" + std::to_string(kRecipe.size()) + " work=" + kinds + " scale=" + std::to_string(scale) + "ms");
    std::cout << "work (all tasks, one after another) = " << fmt(work, 1) << " units, span (longest chain) = "
              << fmt(span, 1) << " units: no number of workers can beat work/span = " << fmt(work / span, 2)
              << "x\n";

    std::vector<Record> all;
    for (const auto& kind : work_kinds) {
      cpu = kind == "cpu";
      Ladder l;
      l.proto.module = "02-async";
      l.proto.kernel = "taskgraph";
      l.proto.set_size("n", static_cast<long>(kRecipe.size()));
      l.proto.extra = {{"work_units", work}, {"span_units", span}};
      l.proto.notes = {{"work", kind}, {"scale_ms", std::to_string(scale)}};
      l.suffix = "-" + kind;
      l.work = static_cast<double>(kRecipe.size());
      l.unit = "tasks/s";
      std::vector<Record> recs = runner.run(l, rungs);
      // Its own table: the speedup over 1 worker beside what work/span allows.
      Table table({"workers", "median s", "x 1 worker", "most at once", "ideal x min(p, work/span)"});
      double t1 = NAN;
      for (auto& r : recs) {
        if (r.threads == 1) t1 = r.stats.median;
        const double x = speedup(t1, r.stats.median);
        r.extra.push_back({"speedup_vs_1", x});
        const auto most = std::find_if(r.extra.begin(), r.extra.end(), [](auto& e) { return e.first == "max_concurrent"; });
        table.add({std::to_string(r.threads), fmt(r.stats.median, 3), fmt(x, 2), fmt(most->second, 0),
                   fmt(std::min<double>(r.threads, work / span), 2)});
      }
      std::cout << "\n--work " << kind << ":\n";
      table.print(std::cout);
      if (cpu) std::cout << "(cpu work: beyond the number of cores, more workers cannot help)\n";
      all.insert(all.end(), recs.begin(), recs.end());
    }
    return runner.finish(all);
  });
}
