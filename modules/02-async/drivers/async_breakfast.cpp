// Driver: the breakfast cooked four ways - synchronously, and asynchronously with
// callbacks, futures and coroutines - with the timeline of each cook as a chart.
#include <chrono>
#include <iostream>
#include <optional>

#include "kitchen.hpp"
#include "parlab/ladder.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/main.hpp"

using namespace parlab;
using namespace parlab::async;

int main(int argc, char** argv) {
  return run_main([&] {
    int scale = 100, dishes = 8, columns = 60;
    RunOptions opt;
    opt.reps = 1, opt.min_time = 0;  // a breakfast takes real time: one checked and one timed run
    Breakfast b;
    std::optional<Timeline> tl;  // the last run's (a Timeline holds a mutex: emplaced, not assigned)
    auto cook = [&](void (*fn)(const Breakfast&, Timeline&)) {
      return [&, fn](int) {
        fn(b, tl.emplace());
      };
    };
    auto check = [&](const std::string& name) {
      return [&, name](int) {
        const std::string problem = check_cooked(b, *tl);
        std::cout << "\n" << name << " cook:\n";
        print_chart(std::cout, b, *tl, columns);
        return Verdict::check(problem.empty(), problem.empty() ? "every step done, every dish clean" : problem);
      };
    };
    auto rung = [&](const std::string& name, const std::string& about, void (*fn)(const Breakfast&, Timeline&)) {
      return Rung(name, about, cook(fn)).checked_by(check(name)).described_by([&](Record& r) {
        r.threads = threads_used(*tl);
      });
    };
    const std::vector<Rung> rungs{
        rung("sync", "one step after another (the baseline)", cook_sync),
        rung("callbacks", manifest::about("an event loop of timers and callbacks, one thread", manifest::label("async_breakfast", "callbacks")), cook_callbacks),
        rung("futures", manifest::about("std::async per step, the cook waits on futures", manifest::label("async_breakfast", "futures")), cook_futures),
        rung("coroutines", manifest::about("C++20 coroutines on the event loop, one thread", manifest::label("async_breakfast", "coroutines")), cook_coroutines),
    };
    Cli cli("async_breakfast",
            "The breakfast (eggs 3, toast 2, coffee 1.5 time units, and a sink of dishes) cooked by\n"
            "one synchronous cook and by three asynchronous ones; prints each cook's timeline.");
    cli.option("scale", scale, "milliseconds per time unit", 1, 10000)
        .option("dishes", dishes, "dishes in the sink (each 0.2 units of hands-on work)", 0, 1000)
        .option("width", columns, "chart width in characters", 10, 400);
    add_run_options(cli, opt, rungs, false);
    if (!cli.parse(argc, argv)) return 0;
    Runner runner(opt);

    b = default_breakfast(Millis(scale));
    b.dishes = dishes;
    validate(b);
    const double sum_s = std::chrono::duration<double>(b.total()).count();
    const double longest_s = std::chrono::duration<double>(b.longest()).count();
    runner.banner("02-async", "breakfast", "scale=" + std::to_string(scale) + "ms dishes=" + std::to_string(dishes));
    std::cout << "steps: ";
    for (const auto& s : b.steps) std::cout << s.name << " " << s.duration.count() << " ms, ";
    std::cout << dishes << " dishes x " << b.dish.count() << " ms\n"
              << "synchronous time = sum = " << fmt(sum_s * 1000, 0) << " ms; the longest single job = "
              << fmt(longest_s * 1000, 0) << " ms; best possible ratio = " << fmt(sum_s / longest_s, 2) << "\n";

    Ladder l;
    l.proto.module = "02-async";
    l.proto.kernel = "breakfast";
    l.proto.set_size("n", static_cast<long>(b.steps.size()));
    l.proto.extra = {{"sum_s", sum_s}, {"longest_s", longest_s}, {"ideal_ratio", sum_s / longest_s}};
    l.proto.notes = {{"scale_ms", std::to_string(scale)}, {"dishes", std::to_string(dishes)}};
    l.work = 1;
    l.unit = "breakfast/s";
    std::vector<Record> recs = runner.run(l, rungs);
    runner.speedup_table(recs, "sync");
    std::cout << "(ideal x sync = sum/longest = " << fmt(sum_s / longest_s, 2)
              << "; callbacks and coroutines: 1 thread; futures: one thread per step plus the cook)\n";
    return runner.finish(recs);
  });
}
