// Driver: data races shown, then fixed. The racy demos usually print a wrong
// result; when they happen to print the right one, they are still wrong - the
// race build (make race) reports them with file and line every time.
#include <cmath>
#include <iostream>

#include "openmp.hpp"
#include "parlab/cli.hpp"
#include "parlab/driver.hpp"
#include "parlab/error.hpp"

namespace {

using namespace parlab;

struct Demo {
  std::string name, about;
  bool racy;
  // Runs once; returns the number of wrong values (0 = right).
  std::function<long(int threads)> run;
};

}  // namespace

int main(int argc, char** argv) {
  return run_main([&] {
    std::vector<int> threads{omp::driver_thread_counts().back()};
    long n = 1'000'000;
    int trials = 20;
    std::vector<std::string> wanted;
    std::string json;
    const std::vector<std::string> names{"dot_racy", "dot_reduction", "poly_racy", "poly_private"};
    Cli cli("omp_races",
            "Data races and their fixes: a shared accumulator (dot_racy) fixed with a reduction, a shared\n"
            "temporary (poly_racy) fixed by making it private. Racy demos are wrong on purpose.");
    cli.option("n", n, "elements", 1, 100'000'000)
        .option("threads", threads, "thread counts", 1, 1024)
        .option("trials", trials, "runs of each demo", 1, 100000)
        .option("demos", wanted, "demos to run (default: all)", names)
        .option("json", json, "write JSON records to this file");
    if (!cli.parse(argc, argv)) return 0;
    if (wanted.empty()) wanted = names;
    require_memory(8ull * 3 * n, "omp_races with n=" + std::to_string(n));

    // Whole numbers, so every correct order of additions gives the exact same sum.
    std::vector<double> x(n), y(n, 1.0), out(n);
    for (long i = 0; i < n; ++i) x[i] = double(i % 7);
    double exact_dot = 0;
    for (long i = 0; i < n; ++i) exact_dot += x[i];
    std::string last_wrong;  // the most recent wrong sum, to show how wrong
    auto dot_errors = [&](double got) {
      if (got == exact_dot) return 0L;
      last_wrong = " (e.g. sum = " + std::to_string(long(got)) + ", exact " + std::to_string(long(exact_dot)) + ")";
      return 1L;
    };
    auto poly_errors = [&] {
      long bad = 0;
      for (long i = 0; i < n; ++i) bad += out[i] != omp::poly(x[i]);
      return bad;
    };
    const std::vector<Demo> demos{
        {"dot_racy", "shared accumulator, no reduction (racy on purpose)", true,
         [&](int t) { return dot_errors(omp::dot_racy(x, y, t)); }},
        {"dot_reduction", "the shared sum without the race (exercise 10)", false,
         [&](int t) { return dot_errors(omp::dot_reduction(x, y, t)); }},
        {"poly_racy", "shared temporary (racy on purpose)", true,
         [&](int t) { std::fill(out.begin(), out.end(), 0.0); omp::poly_racy(x, out, t); return poly_errors(); }},
        {"poly_private", "the temporary without the race (exercise 11)", false,
         [&](int t) { std::fill(out.begin(), out.end(), 0.0); omp::poly_private(x, out, t); return poly_errors(); }},
    };

    print_banner("04-openmp", "races", "n=" + std::to_string(n) + " threads=" + join_ints(threads) + " ranks=1");
    JsonReport report;
    int failed = 0, missing = 0;
    for (const Demo& d : demos) {
      if (std::find(wanted.begin(), wanted.end(), d.name) == wanted.end()) continue;
      for (int t : threads) {
        const std::string label = d.name + " x" + std::to_string(t);
        long wrong_trials = 0;
        last_wrong.clear();
        Stats stats;
        try {
          std::vector<double> times;
          for (int r = 0; r < trials; ++r) {
            Stopwatch sw;
            wrong_trials += d.run(t) != 0;
            times.push_back(sw.seconds());
          }
          stats = summarize(times);
        } catch (const not_implemented& e) {
          std::cout << "Solution not implemented [" << label << "]: " << e.what() << '\n';
          ++missing;
          continue;
        }
        const std::string tally =
            "wrong in " + std::to_string(wrong_trials) + " of " + std::to_string(trials) + " trials" + last_wrong;
        if (d.racy) {
          std::cout << "Race demo [" << label << "]: " << tally
                    << (wrong_trials ? "" : " (right by luck: still a race - run it in the race build)") << '\n';
        } else {
          print_validates(label, wrong_trials == 0, tally);
          failed += wrong_trials != 0;
        }
        print_rate(label, n / stats.median / 1e6, "Melem/s", stats);
        Record rec;
        rec.module = "04-openmp", rec.kernel = "races", rec.variant = d.name, rec.n = n, rec.threads = t;
        rec.stats = stats, rec.rate = n / stats.median / 1e6, rec.rate_unit = "Melem/s";
        rec.validated = !d.racy && wrong_trials == 0;
        rec.extra.push_back({"wrong_trials", double(wrong_trials)});
        rec.notes.push_back({"about", d.about});
        report.add(rec);
      }
    }
    if (!json.empty()) {
      report.write(json);
      std::cout << "JSON records: " << json << '\n';
    }
    return failed ? 1 : missing ? 3 : 0;
  });
}
