// Driver: one knife or two. A CPU-bound and an I/O-bound batch of tasks, run by
// one cook, one cook with timers, several cooks (threads) and several kitchens
// (processes), pinned to one core and then on every core the OS gives us.
#include <cmath>
#include <iostream>
#include <map>

#include "knife.hpp"
#include "parlab/cli.hpp"
#include "parlab/driver.hpp"
#include "parlab/error.hpp"
#include "async_report.hpp"
#include "parlab/report.hpp"

using namespace parlab;
using namespace parlab::async;

int main(int argc, char** argv) {
  return run_main([&] {
    KnifeConfig c;
    int io_ms = static_cast<int>(c.io_wait.count()), reps = 3;
    double min_time = 0;
    std::vector<std::string> workloads, scenarios, cores;
    std::string json;
    Cli cli("async_knife",
            "One knife or two: concurrency versus parallelism. The same tasks, CPU-bound (shading\n"
            "pixels) or I/O-bound (waiting on a timer), run sync / async (one thread, event loop) /\n"
            "threads (one per task) / processes (fork, one per task), pinned to one core or on all.\n"
            "Pinning uses sched_setaffinity; from a shell: taskset -c 0 ./async_knife");
    cli.option("tasks", c.tasks, "tasks in the batch (one thread or process each)", 1, kMaxKnifeTasks)
        .option("io-ms", io_ms, "milliseconds an I/O task waits", 1, 10000)
        .option("cpu-pixels", c.cpu_pixels, "pixels a CPU task shades", 1, 10'000'000)
        .option("workloads", workloads, "workloads to run", {"cpu", "io"})
        .option("scenarios", scenarios, "scenarios to run", {"sync", "async", "threads", "processes"})
        .option("cores", cores, "one (pinned to one core) and/or all", {"one", "all"})
        .option("reps", reps, "at least this many timed runs per cell", 1, 1000)
        .option("min-time", min_time, "and at least this many seconds per cell", 0.0, 600.0)
        .option("json", json, "write JSON records to this file");
    if (!cli.parse(argc, argv)) return 0;
    c.io_wait = Millis(io_ms);
    if (!json.empty()) JsonReport{}.write(json);
    auto pick = [](const std::vector<std::string>& chosen, const std::string& n) {
      return chosen.empty() || std::find(chosen.begin(), chosen.end(), n) != chosen.end();
    };

    const std::vector<int> all = allowed_cpus();
    print_banner("02-async", "knife",
                 "tasks=" + std::to_string(c.tasks) + " cpus=" + std::to_string(all.size()) + " threads=" +
                     std::to_string(c.tasks) + " ranks=1");
    std::cout << "CPUs this process may use: " << join_ints(all) << "; 'one core' pins to CPU " << all.front() << '\n';

    JsonReport report;
    Table table({"workload", "scenario", "cores", "median s", "x sync", "verdict"});
    int failed = 0;
    for (Workload w : {Workload::cpu, Workload::io}) {
      if (!pick(workloads, name(w))) continue;
      std::vector<std::uint64_t> expect;
      for (Scenario s : {Scenario::sync, Scenario::async, Scenario::threads, Scenario::processes}) {
        if (!pick(scenarios, name(s))) continue;
        for (const std::string core : {"one", "all"}) {
          if (!pick(cores, core)) continue;
          if (expect.empty()) expect = run_scenario(w, Scenario::sync, c);  // the reference results
          pin(core == "one" ? std::vector<int>{all.front()} : all);
          std::vector<std::uint64_t> got;
          Stats st;
          try {
            got = run_scenario(w, s, c);
            st = measure([&] { run_scenario(w, s, c); }, {0, reps, std::max(reps, 50), min_time});
          } catch (...) {
            pin(all);
            throw;
          }
          pin(all);
          const std::string label = name(w) + "/" + name(s) + "/" + core;
          auto checked = checked_record("knife", label, got == expect,
                                        got == expect ? "same results as sync" : "results differ from sync", failed);
          if (!checked) continue;
          Record& r = *checked;
          r.n = c.tasks;
          r.threads = s == Scenario::threads ? c.tasks : 1;
          r.ranks = s == Scenario::processes ? c.tasks : 1;
          r.stats = st;
          r.rate = c.tasks / st.median, r.rate_unit = "tasks/s";
          r.notes = {{"workload", name(w)}, {"scenario", name(s)}, {"cores", core},
                     {"cpus", std::to_string(core == "one" ? 1 : all.size())}};
          print_rate(label, r.rate, r.rate_unit, r.stats);
          report.add(r);
        }
      }
    }
    // Speedups against sync (on one core where it ran), for each workload.
    std::map<std::string, double> base;
    for (const std::string core : {"all", "one"})  // prefer sync on one core; else sync on all
      for (const auto& r : report.records())
        if (r.variant == r.notes[0].second + "/sync/" + core) base[r.notes[0].second] = r.stats.median;
    JsonReport out;
    for (Record r : report.records()) {
      const double x = base.count(r.notes[0].second) ? base[r.notes[0].second] / r.stats.median : NAN;
      r.extra.push_back({"speedup_vs_sync", x});
      const std::string verdict = std::isnan(x) ? "" : x > 1.3 ? "helps" : x < 0.77 ? "hurts" : "no gain";
      table.add({r.notes[0].second, r.notes[1].second, r.notes[2].second, fmt(r.stats.median, 3), fmt(x, 2), verdict});
      out.add(r);
    }
    std::cout << '\n';
    table.print(std::cout);
    std::cout << "(I/O-bound: waiting overlaps in every concurrent scenario, even on one core;\n"
                 " CPU-bound: only more cores help, and only with threads or processes)\n";
    if (!json.empty()) {
      out.write(json);
      std::cout << "JSON records: " << json << '\n';
    }
    return failed ? 1 : 0;
  });
}
