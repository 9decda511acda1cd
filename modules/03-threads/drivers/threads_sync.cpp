// Driver: the synchronization lessons, each broken version beside its fix.
//   racy         the shared counter with a data race: lost updates (demo)
//   mutex        fixed with std::mutex + std::lock_guard (an exercise)
//   atomic       fixed with std::atomic fetch_add (an exercise)
//   deadlock     transfers that lock in opposite orders: deadlock detected (demo)
//   scoped_lock  the transfer that cannot deadlock, under a watchdog (an exercise)
// Which exercise: modules/03-threads/module.json (the --help labels come from it).
// A deadlock never hangs this program: the demo gives up after --patience, the fix
// runs under a --watchdog and is reported as "deadlock detected" if it stalls.
#include <iostream>

#include "parlab/ladder.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/main.hpp"
#include "sync.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::threads;
  return run_main([&] {
    long iters = 4'000'000, transfers = 100'000;
    int patience_ms = 200, watchdog_ms = 20'000;
    RunOptions opt;
    opt.threads = {2};

    // Lesson 1: the racy counter and its two fixes. Lesson 3: the deadlock and its fix.
    long counted = 0;
    auto counter = [&](long (*count)(int, long)) { return [&, count](int t) { counted = count(t, iters); }; };
    auto count_check = [&](bool demo) {
      return [&, demo](int t) {
        const long expected = t * iters;
        std::string text = "expected " + std::to_string(expected) + ", counted " + std::to_string(counted);
        Verdict v;
        if (demo) {  // lost updates are its point, and their number changes from run to run
          v = Verdict::demo(text + ": " + (counted == expected
                                               ? "no update lost this time - the race is still there (run again, or make race)"
                                               : std::to_string(expected - counted) + " updates LOST to the data race"));
          v.notes.push_back({"demo", "broken on purpose: a data race"});
        } else {
          v = Verdict::check(counted == expected, text);
        }
        v.work = double(expected) / 1e6;
        return v;
      };
    };
    DeadlockDemo demo;
    TransferRun moved;
    const std::vector<Rung> count_rungs{
        Rung("racy", "the shared counter with a data race: lost updates (demo)", counter(count_racy), true)
            .checked_by(count_check(true)),
        Rung("mutex", manifest::about("fixed with std::mutex + std::lock_guard", manifest::label("threads_sync", "mutex")), counter(count_with_mutex), true)
            .checked_by(count_check(false)),
        Rung("atomic", manifest::about("fixed with std::atomic fetch_add", manifest::label("threads_sync", "atomic")), counter(count_with_atomic), true)
            .checked_by(count_check(false)),
    };
    const std::vector<Rung> lock_rungs{
        Rung("deadlock", "transfers that lock in opposite orders: detected, never hung (demo)",
             [&](int) { demo = demo_deadlock(std::chrono::milliseconds(patience_ms)); })
            .untimed()
            .checked_by([&](int) {
              return Verdict::demo(
                  std::string("A->B and B->A at once, locks taken in opposite orders: ") +
                  (demo.gave_up ? "deadlock detected" : "no deadlock (unexpected)") + " (" +
                  std::to_string(demo.gave_up) + " of 2 transfers gave up after waiting " + std::to_string(patience_ms) +
                  " ms for their second lock; money " + std::to_string(demo.total_before) + " -> " +
                  std::to_string(demo.total_after) + ")");
            }),
        Rung("scoped_lock", manifest::about("the transfer that cannot deadlock, under a watchdog", manifest::label("threads_sync", "scoped_lock")),
             [&](int t) { moved = demo_transfers_safe(t, transfers, std::chrono::milliseconds(watchdog_ms)); }, true)
            .checked_by([&](int) {
              Verdict v;
              if (!moved.finished) {  // the stuck threads cannot be stopped: nothing more can run
                v = Verdict::check(false, "deadlock detected (the watchdog fired: " + std::to_string(moved.transfers) +
                                              " transfers not done after " + std::to_string(watchdog_ms) + " ms)");
                v.stop = true;
                return v;
              }
              v = Verdict::check(moved.total_after == moved.total_before,
                                 std::to_string(moved.transfers) + " transfers in opposite directions, no deadlock, money " +
                                     std::to_string(moved.total_before) + " -> " + std::to_string(moved.total_after));
              v.work = double(moved.transfers) / 1e6;
              return v;
            }),
    };
    std::vector<Rung> all = count_rungs;
    all.insert(all.end(), lock_rungs.begin(), lock_rungs.end());

    Cli cli("threads_sync",
            "Synchronization lessons, broken and fixed: racy counter (lost updates), mutex, atomic,\n"
            "deadlock (detected, never hung) and its fix with std::scoped_lock.");
    cli.option("iters", iters, "increments per thread (counters)", 1, 10'000'000'000L)
        .option("transfers", transfers, "transfers per thread (scoped_lock)", 1, 10'000'000'000L)
        .option("patience", patience_ms, "ms the deadlock demo waits for its second lock", 1, 60'000)
        .option("watchdog", watchdog_ms, "ms before the fixed transfers count as deadlocked", 1, 600'000);
    add_run_options(cli, opt, all, true, kMaxThreads);
    if (!cli.parse(argc, argv)) return 0;
    Runner runner(opt);
    runner.banner("03-threads", "sync",
                  "iters=" + std::to_string(iters) + " transfers=" + std::to_string(transfers) +
                      " patience=" + std::to_string(patience_ms) + "ms watchdog=" + std::to_string(watchdog_ms) + "ms");

    Ladder counters;
    counters.proto.module = "03-threads";
    counters.proto.kernel = "sync";
    counters.proto.set_size("n", iters);
    counters.proto.params = {{"iters", iters}, {"transfers", transfers}, {"patience_ms", patience_ms},
                             {"watchdog_ms", watchdog_ms}};
    counters.unit = "Mincrement/s";
    Ladder locks = counters;
    locks.proto.set_size("n", transfers);
    locks.unit = "Mtransfer/s";

    std::vector<Record> recs = runner.run(counters, count_rungs);
    runner.ratio_table(recs, "racy");
    if (!recs.empty()) std::cout << "(x racy: what correctness costs at the same thread count)\n";
    for (auto& r : runner.run(locks, lock_rungs)) recs.push_back(r);
    return runner.finish(recs);
  });
}
