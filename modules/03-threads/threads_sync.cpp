// Driver: the synchronization lessons, each broken version beside its fix.
//   racy         the shared counter with a data race: lost updates (demo)
//   mutex        fixed with std::mutex + std::lock_guard (exercise 6)
//   atomic       fixed with std::atomic fetch_add (exercise 7)
//   deadlock     transfers that lock in opposite orders: deadlock detected (demo)
//   scoped_lock  the transfer that cannot deadlock, under a watchdog (exercise 9)
// A deadlock never hangs this program: the demo gives up after --patience, the fix
// runs under a --watchdog and is reported as "deadlock detected" if it stalls.
#include <algorithm>
#include <iostream>

#include "lesson_driver.hpp"
#include "parlab/cli.hpp"
#include "parlab/error.hpp"
#include "sync.hpp"

namespace {
using namespace parlab;
using namespace parlab::threads;

struct Options {
  std::vector<std::string> lessons{"racy", "mutex", "atomic", "deadlock", "scoped_lock"};
  std::vector<int> threads{2};
  long iters = 4'000'000;
  long transfers = 100'000;
  int patience_ms = 200;
  int watchdog_ms = 20'000;
  TimingOptions timing;
  bool wants(const std::string& l) const { return std::find(lessons.begin(), lessons.end(), l) != lessons.end(); }
};

struct Tally {
  std::vector<Record> records;
  int failed = 0, missing = 0;
};

// Lesson 1: the racy counter and its two fixes.
void counters(const Options& o, Tally& tally) {
  using Counter = long (*)(int, long);
  const std::pair<std::string, Counter> rungs[] = {
      {"racy", count_racy}, {"mutex", count_with_mutex}, {"atomic", count_with_atomic}};
  for (int threads : o.threads)
    for (const auto& [variant, count] : rungs) {
      if (!o.wants(variant)) continue;
      const std::string name = label(variant, threads);
      const long expected = threads * o.iters;
      long got = 0;
      try {
        got = count(threads, o.iters);
      } catch (const not_implemented& e) {
        std::cout << "Solution not implemented [" << name << "]: " << e.what() << '\n';
        ++tally.missing;
        continue;
      }
      const std::string counted = "expected " + std::to_string(expected) + ", counted " + std::to_string(got);
      if (variant == "racy") {
        // A demonstration, not a solution: lost updates are its point, and their
        // number changes from run to run. It never fails the driver.
        std::cout << "Demo [" << name << "]: " << counted << ": "
                  << (got == expected ? "no update lost this time - the race is still there (run again, or make race)"
                                      : std::to_string(expected - got) + " updates LOST to the data race")
                  << '\n';
      } else {
        print_validates(name, got == expected, counted);
        if (got != expected) {
          ++tally.failed;
          continue;
        }
      }
      Record r = timed_record("sync", variant, threads, double(expected) / 1e6, "Mincrement/s", got == expected,
                              o.timing, [&, count = count] { count(threads, o.iters); });
      r.n = o.iters;
      if (variant == "racy") r.notes.push_back({"demo", "broken on purpose: a data race"});
      tally.records.push_back(r);
    }
}

// Lesson 3: the deadlock demo and its fix.
void deadlock(const Options& o, Tally& tally) {
  if (o.wants("deadlock")) {
    const DeadlockDemo d = demo_deadlock(std::chrono::milliseconds(o.patience_ms));
    std::cout << "Demo [deadlock]: A->B and B->A at once, locks taken in opposite orders: "
              << (d.gave_up ? "deadlock detected" : "no deadlock (unexpected)") << " (" << d.gave_up
              << " of 2 transfers gave up after waiting " << o.patience_ms << " ms for their second lock; money "
              << d.total_before << " -> " << d.total_after << ")\n";
  }
  if (!o.wants("scoped_lock")) return;
  for (int threads : o.threads) {
    const std::string name = label("scoped_lock", threads);
    const auto limit = std::chrono::milliseconds(o.watchdog_ms);
    TransferRun run;
    try {
      run = demo_transfers_safe(threads, o.transfers, limit);
    } catch (const not_implemented& e) {
      std::cout << "Solution not implemented [" << name << "]: " << e.what() << '\n';
      ++tally.missing;
      continue;
    }
    if (!run.finished) {
      // The stuck threads cannot be stopped; stop timing and report.
      print_validates(name, false,
                      "deadlock detected (the watchdog fired: " + std::to_string(run.transfers) +
                          " transfers not done after " + std::to_string(o.watchdog_ms) + " ms)");
      ++tally.failed;
      return;
    }
    const bool ok = run.total_after == run.total_before;
    print_validates(name, ok,
                    std::to_string(run.transfers) + " transfers in opposite directions, no deadlock, money " +
                        std::to_string(run.total_before) + " -> " + std::to_string(run.total_after));
    if (!ok) {
      ++tally.failed;
      continue;
    }
    Record r = timed_record("sync", "scoped_lock", threads, double(run.transfers) / 1e6, "Mtransfer/s", true, o.timing,
                            [&] { demo_transfers_safe(threads, o.transfers, limit); });
    r.n = o.transfers;
    tally.records.push_back(r);
  }
}

}  // namespace

int main(int argc, char** argv) {
  return run_main([&] {
    Options o;
    int reps = 3;
    double min_time = 0.25;
    std::string json;
    Cli cli("threads_sync",
            "Synchronization lessons, broken and fixed: racy counter (lost updates), mutex, atomic,\n"
            "deadlock (detected, never hung) and its fix with std::scoped_lock.");
    cli.option("lessons", o.lessons, "lessons to run", {"racy", "mutex", "atomic", "deadlock", "scoped_lock"})
        .option("threads", o.threads, "thread counts", 1, kMaxThreads)
        .option("iters", o.iters, "increments per thread (counters)", 1, 10'000'000'000L)
        .option("transfers", o.transfers, "transfers per thread (scoped_lock)", 1, 10'000'000'000L)
        .option("patience", o.patience_ms, "ms the deadlock demo waits for its second lock", 1, 60'000)
        .option("watchdog", o.watchdog_ms, "ms before the fixed transfers count as deadlocked", 1, 600'000)
        .option("reps", reps, "at least this many timed runs", 1, 1000)
        .option("min-time", min_time, "and at least this many seconds of timed runs", 0.0, 600.0)
        .option("json", json, "write JSON records to this file");
    if (!cli.parse(argc, argv)) return 0;
    check_json_path(json);
    o.timing = {0, reps, std::max(reps, 50), min_time};
    print_banner("03-threads", "sync",
                 "iters=" + std::to_string(o.iters) + " transfers=" + std::to_string(o.transfers) +
                     " threads=" + join_ints(o.threads) + " ranks=1");
    Tally tally;
    counters(o, tally);
    deadlock(o, tally);
    if (!tally.records.empty()) {
      std::vector<Record> counter_recs, other;
      for (auto& r : tally.records) (r.rate_unit == "Mincrement/s" ? counter_recs : other).push_back(r);
      ratio_table(counter_recs, "racy", "speedup_vs_racy");
      if (!counter_recs.empty()) std::cout << "(x racy: what correctness costs at the same thread count)\n";
      for (auto& r : other) counter_recs.push_back(r);
      write_json(counter_recs, json);
    }
    if (tally.failed) std::cout << tally.failed << " lesson(s) FAILED validation\n";
    if (tally.missing) std::cout << tally.missing << " lesson(s) not implemented yet\n";
    return tally.failed ? 1 : tally.missing ? 3 : 0;
  });
}
