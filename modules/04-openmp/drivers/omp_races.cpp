// Driver: data races shown, then fixed. The racy demos usually print a wrong
// result; when they happen to print the right one, they are still wrong - the
// race build (make race) reports them with file and line every time.
#include <algorithm>
#include <string>

#include "openmp.hpp"
#include "parlab/environment.hpp"
#include "parlab/ladder.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/main.hpp"
#include "parlab/memory.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  return run_main([&] {
    RunOptions opt;
    opt.threads = {default_thread_counts().back()};
    long n = 1'000'000;
    int trials = 20;
    std::vector<double> x, y, out;
    double exact_dot = 0;
    long wrong = 0;          // wrong values of the last run
    std::string last_wrong;  // the most recent wrong sum, to show how wrong
    auto dot = [&](double (*f)(const std::vector<double>&, const std::vector<double>&, int)) {
      return [&, f](int t) {
        const double got = f(x, y, t);
        wrong = got != exact_dot;
        if (wrong)
          last_wrong = " (e.g. sum = " + std::to_string(long(got)) + ", exact " + std::to_string(long(exact_dot)) + ")";
      };
    };
    auto poly = [&](void (*f)(const std::vector<double>&, std::vector<double>&, int)) {
      return [&, f](int t) {
        f(x, out, t);
        wrong = 0;
        for (long i = 0; i < n; ++i) wrong += out[i] != omp::poly(x[i]);
      };
    };
    // The checked run was trial 1; the rest of the --trials run here, each counted.
    auto tally = [&](const std::function<void(int)>& run, bool racy) {
      return [&, run, racy](int t) {
        long wrong_trials = wrong != 0;
        for (int r = 1; r < trials; ++r) {
          std::fill(out.begin(), out.end(), 0.0);
          run(t);
          wrong_trials += wrong != 0;
        }
        const std::string text =
            "wrong in " + std::to_string(wrong_trials) + " of " + std::to_string(trials) + " trials" + last_wrong;
        last_wrong.clear();
        Verdict v = racy ? Verdict::demo(text + (wrong_trials ? "" : " (right by luck: still a race - run it in the race build)"))
                         : Verdict::check(wrong_trials == 0, text);
        v.extra.push_back({"wrong_trials", double(wrong_trials)});
        return v;
      };
    };
    auto rung = [&](std::string name, std::string about, std::function<void(int)> run, bool racy) {
      return Rung(std::move(name), std::move(about), run, true).checked_by(tally(run, racy));
    };
    const std::vector<Rung> rungs{
        rung("dot_racy", "shared accumulator, no reduction (racy on purpose)", dot(omp::dot_racy), true),
        rung("dot_reduction", manifest::about("the shared sum without the race", manifest::label("omp_races", "dot_reduction")), dot(omp::dot_reduction), false),
        rung("dot_atomic", manifest::about("the shared sum, every addition atomic", manifest::label("omp_races", "dot_atomic")), dot(omp::dot_atomic), false),
        rung("poly_racy", "shared temporary (racy on purpose)", poly(omp::poly_racy), true),
        rung("poly_private", manifest::about("the temporary without the race", manifest::label("omp_races", "poly_private")), poly(omp::poly_private), false),
    };
    Cli cli("omp_races",
            "Data races and their fixes: a shared accumulator (dot_racy) fixed with a reduction, or with an\n"
            "atomic per addition (dot_atomic: measure its cost), a shared temporary (poly_racy) fixed by\n"
            "making it private. Racy demos are wrong on purpose.");
    cli.option("n", n, "elements", 1, 100'000'000).option("trials", trials, "checked runs of each demo", 1, 100000);
    add_run_options(cli, opt, rungs, true);
    if (!cli.parse(argc, argv)) return 0;
    require_memory(8ull * 3 * n, "omp_races with n=" + std::to_string(n));
    Runner runner(opt);

    // Whole numbers, so every correct order of additions gives the exact same sum.
    x.resize(n), y.assign(n, 1.0), out.resize(n);
    for (long i = 0; i < n; ++i) x[i] = double(i % 7);
    for (long i = 0; i < n; ++i) exact_dot += x[i];
    runner.banner("04-openmp", "races", "n=" + std::to_string(n) + " trials=" + std::to_string(trials));
    Ladder l;
    l.proto.module = "04-openmp";
    l.proto.kernel = "races";
    l.proto.set_size("n", n);
    l.proto.notes.push_back({"trials", std::to_string(trials)});
    l.work = double(n) / 1e6;
    l.unit = "Melem/s";
    l.poison = [&] { std::fill(out.begin(), out.end(), 0.0); };
    return runner.finish(runner.run(l, rungs));
  });
}
