// Driver: a breakfast recipe as a task graph (a DAG), run by the executor of
// exercise 4 on 1, 2, 4 ... workers. Prints each run's schedule, the work and the
// span (longest path) of the graph, and the speedup they allow.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <mutex>

#include "knife.hpp"
#include "parlab/cli.hpp"
#include "parlab/driver.hpp"
#include "parlab/error.hpp"
#include "async_report.hpp"
#include "parlab/report.hpp"
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
    std::vector<int> workers{1, 2, 4};
    int scale = 40, reps = 1, columns = 50;
    std::vector<std::string> work_kind{"io"};
    std::string json;
    Cli cli("async_taskgraph",
            "A breakfast recipe as a task graph, run by the task-graph executor (exercise 4) on\n"
            "several worker counts. --work io: each task waits (a timer); --work cpu: each task computes.");
    cli.option("workers", workers, "worker counts to run", 1, kMaxWorkers)
        .option("scale", scale, "milliseconds per time unit", 1, 10000)
        .option("work", work_kind, "io (tasks wait) or cpu (tasks compute)", {"io", "cpu"})
        .option("reps", reps, "timed runs per worker count", 1, 100)
        .option("width", columns, "chart width in characters", 10, 400)
        .option("json", json, "write JSON records to this file");
    if (!cli.parse(argc, argv)) return 0;
    if (work_kind.size() != 1) throw usage_error("--work: give one of io, cpu");
    const bool cpu = work_kind[0] == "cpu";
    if (!json.empty()) JsonReport{}.write(json);

    const auto [work, span] = work_and_span();
    print_banner("02-async", "taskgraph",
                 std::string("tasks=") + std::to_string(kRecipe.size()) + " work=" + work_kind[0] +
                     " scale=" + std::to_string(scale) + "ms threads=" + join_ints(workers) + " ranks=1");
    std::cout << "work (all tasks, one after another) = " << fmt(work, 1) << " units, span (longest chain) = "
              << fmt(span, 1) << " units: no number of workers can beat work/span = " << fmt(work / span, 2)
              << "x\n";

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

    // Validation: every task ran once, after everything it needs.
    auto check = [&]() -> std::string {
      for (std::size_t i = 0; i < kRecipe.size(); ++i) {
        if (spans[i].t0 < 0 || spans[i].t1 < 0) return "'" + kRecipe[i].name + "' never ran";
        if (std::count(order.begin(), order.end(), kRecipe[i].name) != 1) return "'" + kRecipe[i].name + "' ran twice";
        for (auto d : g.deps(i))
          if (spans[d].t1 > spans[i].t0) return "'" + kRecipe[i].name + "' started before '" + kRecipe[d].name + "' was done";
      }
      return {};
    };

    JsonReport report;
    Table table({"workers", "median s", "x 1 worker", "most at once", "ideal x min(p, work/span)"});
    double t1 = NAN;
    int failed = 0;
    for (int p : workers) {
      std::vector<double> times;
      std::string problem;
      for (int r = 0; r < reps && problem.empty(); ++r) {
        spans.assign(kRecipe.size(), Span{});
        order.clear();
        running = max_running = 0;
        clock.reset();
        run_graph(g, p);
        times.push_back(clock.seconds());
        problem = check();
      }
      const std::string label = "pool x" + std::to_string(p);
      auto checked = checked_record("taskgraph", label, problem.empty(),
                                    problem.empty() ? "every task after its inputs" : problem, failed);
      if (!checked) continue;
      // The schedule of the last run.
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
      Record& rec = *checked;
      rec.variant = cpu ? "pool-cpu" : "pool-io";
      rec.n = static_cast<long>(kRecipe.size());
      rec.threads = p;
      rec.stats = summarize(times);
      rec.rate = static_cast<double>(kRecipe.size()) / rec.stats.median;
      rec.rate_unit = "tasks/s";
      if (p == 1) t1 = rec.stats.median;
      const double x = speedup(t1, rec.stats.median);
      rec.extra = {{"speedup_vs_1", x}, {"max_concurrent", double(max_running)}, {"work_units", work},
                   {"span_units", span}};
      print_rate(label, rec.rate, rec.rate_unit, rec.stats);
      table.add({std::to_string(p), fmt(rec.stats.median, 3), fmt(x, 2), std::to_string(max_running),
                 fmt(std::min<double>(p, work / span), 2)});
      report.add(rec);
    }
    std::cout << '\n';
    table.print(std::cout);
    if (cpu) std::cout << "(cpu work: beyond the number of cores, more workers cannot help)\n";
    if (!json.empty()) {
      report.write(json);
      std::cout << "JSON records: " << json << '\n';
    }
    return failed ? 1 : 0;
  });
}
