// Driver: the breakfast cooked four ways - synchronously, and asynchronously with
// callbacks, futures and coroutines - with the timeline of each cook as a chart.
#include <cmath>
#include <functional>
#include <iostream>
#include <map>

#include "kitchen.hpp"
#include "parlab/cli.hpp"
#include "parlab/driver.hpp"
#include "parlab/error.hpp"
#include "async_report.hpp"
#include "parlab/report.hpp"

using namespace parlab;
using namespace parlab::async;

int main(int argc, char** argv) {
  return run_main([&] {
    const std::vector<std::pair<std::string, std::function<void(const Breakfast&, Timeline&)>>> cooks{
        {"sync", cook_sync},
        {"callbacks", cook_callbacks},
        {"futures", cook_futures},
        {"coroutines", cook_coroutines}};
    std::vector<std::string> names, wanted;
    for (const auto& c : cooks) names.push_back(c.first);
    int scale = 100, dishes = 8, reps = 1, columns = 60;
    std::string json;
    Cli cli("async_breakfast",
            "The breakfast (eggs 3, toast 2, coffee 1.5 time units, and a sink of dishes) cooked by\n"
            "one synchronous cook and by three asynchronous ones; prints each cook's timeline.\n\ncooks: " +
                join(names, ", "));
    cli.option("cooks", wanted, "cooks to run", names)
        .option("scale", scale, "milliseconds per time unit", 1, 10000)
        .option("dishes", dishes, "dishes in the sink (each 0.2 units of hands-on work)", 0, 1000)
        .option("reps", reps, "timed runs per cook", 1, 100)
        .option("width", columns, "chart width in characters", 10, 400)
        .option("json", json, "write JSON records to this file");
    if (!cli.parse(argc, argv)) return 0;
    if (!json.empty()) JsonReport{}.write(json);  // fail early if it cannot be written

    Breakfast b = default_breakfast(Millis(scale));
    b.dishes = dishes;
    validate(b);
    const double sum_s = std::chrono::duration<double>(b.total()).count();
    const double longest_s = std::chrono::duration<double>(b.longest()).count();
    print_banner("02-async", "breakfast",
                 "scale=" + std::to_string(scale) + "ms dishes=" + std::to_string(dishes) + " threads=1 ranks=1");
    std::cout << "steps: ";
    for (const auto& s : b.steps) std::cout << s.name << " " << s.duration.count() << " ms, ";
    std::cout << dishes << " dishes x " << b.dish.count() << " ms\n"
              << "synchronous time = sum = " << fmt(sum_s * 1000, 0) << " ms; the longest single job = "
              << fmt(longest_s * 1000, 0) << " ms; best possible ratio = " << fmt(sum_s / longest_s, 2) << "\n";

    JsonReport report;
    std::map<std::string, double> median;
    int failed = 0, missing = 0;
    for (const auto& [name, cook] : cooks) {
      if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), name) == wanted.end()) continue;
      std::vector<double> times;
      std::string problem;
      int threads = 1;
      try {
        for (int r = 0; r < reps; ++r) {
          Timeline tl;
          cook(b, tl);
          times.push_back(tl.seconds());
          problem = check_cooked(b, tl);
          threads = threads_used(tl);
          if (r == reps - 1 || !problem.empty()) {
            std::cout << "\n" << name << " cook:\n";
            print_chart(std::cout, b, tl, columns);
          }
          if (!problem.empty()) break;
        }
      } catch (const not_implemented& e) {
        std::cout << "\nSolution not implemented [" << name << "]: " << e.what() << '\n';
        ++missing;
        continue;
      }
      auto checked = checked_record("breakfast", name, problem.empty(),
                                    problem.empty() ? "every step done, every dish clean" : problem, failed);
      if (!checked) continue;
      Record& rec = *checked;
      rec.n = static_cast<long>(b.steps.size());
      rec.threads = threads;
      rec.stats = summarize(times);
      rec.rate = 1.0 / rec.stats.median;
      rec.rate_unit = "breakfast/s";
      rec.extra = {{"sum_s", sum_s}, {"longest_s", longest_s}, {"ideal_ratio", sum_s / longest_s}};
      print_rate(name, rec.rate, rec.rate_unit, rec.stats);
      median[name] = rec.stats.median;
      report.add(rec);
    }

    Table table({"cook", "threads", "median s", "x sync", "ideal x (sum/longest)"});
    std::vector<Record> recs = report.records();
    JsonReport out;
    for (auto& r : recs) {
      const double x = median.count("sync") ? median["sync"] / r.stats.median : NAN;
      if (median.count("sync")) r.extra.push_back({"speedup_vs_sync", x});
      table.add({r.variant, std::to_string(r.threads), fmt(r.stats.median, 3), fmt(x, 2), fmt(sum_s / longest_s, 2)});
      out.add(r);
    }
    std::cout << '\n';
    table.print(std::cout);
    std::cout << "(callbacks and coroutines: 1 thread; futures: one thread per step plus the cook)\n";
    if (!json.empty()) {
      out.write(json);
      std::cout << "JSON records: " << json << '\n';
    }
    return failed ? 1 : missing ? 3 : 0;
  });
}
