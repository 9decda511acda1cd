// Driver: one knife or two. A CPU-bound and an I/O-bound batch of tasks (a timer, or
// with --workloads disk a real wait: fsync'd writes to temp files), run by
// one cook, one cook with timers, several cooks (threads) and several kitchens
// (processes), pinned to one core and then on every core the OS gives us.
#include <cmath>
#include <iostream>
#include <map>

#include "knife.hpp"
#include "parlab/ladder.hpp"
#include "parlab/main.hpp"

using namespace parlab;
using namespace parlab::async;

int main(int argc, char** argv) {
  return run_main([&] {
    KnifeConfig c;
    int io_ms = static_cast<int>(c.io_wait.count());
    RunOptions opt;
    opt.min_time = 0;
    std::vector<std::string> workloads{"cpu", "io"}, cores{"one", "all"};
    Workload w = Workload::cpu;              // this ladder's workload
    std::vector<std::uint64_t> got, expect;  // the last run's results, and sync's
    auto scenario = [&](Scenario s) { return [&, s](int) { got = run_scenario(w, s, c); }; };
    std::vector<Rung> rungs;
    for (const auto& [scen, about] : {std::pair{Scenario::sync, "one cook, one task after another (the baseline)"},
                                      {Scenario::async, "one thread, an event loop: waits overlap"},
                                      {Scenario::threads, "one thread per task"},
                                      {Scenario::processes, "one process (fork) per task"}}) {
      const Scenario s = scen;  // a copy: clang 14 cannot capture a structured binding
      rungs.push_back(Rung(name(s), about, scenario(s)).described_by([&c, s](Record& r) {
        r.threads = s == Scenario::threads ? c.tasks : 1;
        r.ranks = s == Scenario::processes ? c.tasks : 1;
      }));
    }
    Cli cli("async_knife",
            "One knife or two: concurrency versus parallelism. The same tasks, CPU-bound (shading\n"
            "pixels) or I/O-bound (io: waiting on a timer; disk: fsync'd writes to a temp file), run\n"
            "sync / async (one thread, event loop) /\n"
            "threads (one per task) / processes (fork, one per task), pinned to one core or on all.\n"
            "Pinning uses sched_setaffinity; from a shell: taskset -c 0 ./async_knife");
    cli.option("tasks", c.tasks, "tasks in the batch (one thread or process each)", 1, kMaxKnifeTasks)
        .option("io-ms", io_ms, "milliseconds an I/O task waits", 1, 10000)
        .option("cpu-pixels", c.cpu_pixels, "pixels a CPU task shades", 1, 10'000'000)
        .option("disk-writes", c.disk_writes, "fsync'd 4 KiB writes per disk task", 1, 10000)
        .option("disk-dir", c.disk_dir, "folder for the disk tasks' temp files (default: $TMPDIR or /tmp)")
        .option("workloads", workloads, "workloads to run (disk: real I/O, fsync)", {"cpu", "io", "disk"})
        .option("cores", cores, "one (pinned to one core) and/or all", {"one", "all"});
    add_run_options(cli, opt, rungs, false);
    if (!cli.parse(argc, argv)) return 0;
    c.io_wait = Millis(io_ms);
    Runner runner(opt);

    const std::vector<int> all = allowed_cpus();
    runner.banner("02-async", "knife",
                  "tasks=" + std::to_string(c.tasks) + " io-ms=" + std::to_string(io_ms) + " cpu-pixels=" +
                      std::to_string(c.cpu_pixels) + " disk-writes=" + std::to_string(c.disk_writes) + " cpus=" + std::to_string(all.size()) +
                      " threads=" + std::to_string(c.tasks));
    std::cout << "CPUs this process may use: " << list_text(all) << "; 'one core' pins to CPU " << all.front() << '\n';

    std::vector<Record> recs;
    for (const std::string& wl : workloads) {
      w = wl == "cpu" ? Workload::cpu : wl == "io" ? Workload::io : Workload::disk;
      expect = run_scenario(w, Scenario::sync, c);  // the reference results
      for (const std::string& core : cores) {
        Ladder l;
        l.proto.module = "02-async";
        l.proto.kernel = "knife";
        l.proto.set_size("n", c.tasks);
        if (w == Workload::disk) {
          l.proto.params.push_back({"disk_writes", c.disk_writes});
          l.proto.notes.push_back({"disk_dir", c.disk_dir.empty() ? "$TMPDIR or /tmp" : c.disk_dir});
        }
        l.proto.notes = {{"workload", wl}, {"cores", core}, {"cpus", std::to_string(core == "one" ? 1 : all.size())}};
        l.prefix = wl + "/", l.suffix = "/" + core;
        l.work = c.tasks;
        l.unit = "tasks/s";
        l.poison = [&] { got.clear(); };
        l.check = [&](int) {
          return Verdict::check(got == expect, got == expect ? "same results as sync" : "results differ from sync");
        };
        pin(core == "one" ? std::vector<int>{all.front()} : all);
        try {
          for (auto& r : runner.run(l, rungs)) recs.push_back(r);
        } catch (...) {
          pin(all);
          throw;
        }
        pin(all);
      }
    }
    // Its own table: speedups against sync (on one core where it ran), for each workload.
    auto note = [](const Record& r, const std::string& key) {
      for (const auto& [k, v] : r.notes)
        if (k == key) return v;
      return std::string();
    };
    std::map<std::string, double> base;
    for (const std::string core : {"all", "one"})  // prefer sync on one core; else sync on all
      for (const auto& r : recs)
        if (r.variant == note(r, "workload") + "/sync/" + core) base[note(r, "workload")] = r.stats.median;
    Table table({"workload", "scenario", "cores", "median s", "x sync", "verdict"});
    for (Record& r : recs) {
      const std::string wl = note(r, "workload"), core = note(r, "cores");
      const std::string scen = r.variant.substr(wl.size() + 1, r.variant.size() - wl.size() - core.size() - 2);
      const double x = base.count(wl) ? base[wl] / r.stats.median : NAN;
      if (std::isfinite(x)) r.extra.push_back({"speedup_vs_sync", x});
      const std::string verdict = std::isnan(x) ? "" : x > 1.3 ? "helps" : x < 0.77 ? "hurts" : "no gain";
      r.notes.push_back({"scenario", scen});
      table.add({wl, scen, core, fmt(r.stats.median, 3), fmt(x, 2), verdict});
    }
    std::cout << '\n';
    table.print(std::cout);
    std::cout << "(I/O-bound: waiting overlaps in every concurrent scenario, even on one core, except a\n"
                 " blocking call (disk: fsync) on the event loop's one thread;\n"
                 " CPU-bound: only more cores help, and only with threads or processes)\n";
    return runner.finish(recs);
  });
}
