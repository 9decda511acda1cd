#include "mpi_ladder.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>

#include "parlab/error.hpp"
#include "parlab/oracle.hpp"

namespace parlab::mpi05 {

std::vector<LadderRung> select_rungs(const std::vector<LadderRung>& rungs, const std::vector<std::string>& wanted) {
  std::vector<LadderRung> out;
  for (const auto& r : rungs)
    if (wanted.empty() || std::find(wanted.begin(), wanted.end(), r.name) != wanted.end()) out.push_back(r);
  return out;
}

void add_run_options(Cli& cli, std::vector<std::string>& variants, const std::vector<std::string>& names,
                     mpi::DriverOptions& opt) {
  cli.option("variants", variants, "rungs to run", names)
      .option("reps", opt.reps, "at least this many timed runs", 1, 1000)
      .option("min-time", opt.min_time, "and at least this many seconds of timed runs", 0.0, 600.0)
      .option("json", opt.json, "write JSON records to this file (rank 0)");
}

void require_per_rank(long count, int ranks, const std::string& option, const std::string& what) {
  if (count < ranks)
    throw usage_error(option + " " + std::to_string(count) + " is smaller than the " + std::to_string(ranks) +
                      " ranks: every rank needs at least one " + what + "; use fewer ranks or a bigger " + option);
}

bool wants(const std::vector<std::string>& variants, const std::string& name) {
  return variants.empty() || std::find(variants.begin(), variants.end(), name) != variants.end();
}

Check matmul_check(const Matrix& A, const Matrix& B, Matrix& C) {
  return [&A, &B, &C] {
    if (mpi::rank() != 0) return std::pair<bool, std::string>{true, ""};
    const CheckResult r = check_product(A, B, C);
    C.zero();  // the next rung must produce its own result
    return std::pair<bool, std::string>{r.ok, r.message()};
  };
}

Check render_check(const Animation& anim, const std::vector<Image>& reference, std::vector<Image>& frames) {
  return [&anim, &reference, &frames] {
    if (mpi::rank() != 0) return std::pair<bool, std::string>{true, ""};
    std::size_t diff = 0;
    for (int f = 0; f < anim.frames(); ++f) diff += count_differences(frames[f], reference[f]);
    frames.assign(anim.frames(), anim.blank());  // the next rung starts from black frames
    if (diff) return std::pair<bool, std::string>{false, std::to_string(diff) + " pixels differ from the sequential render"};
    return std::pair<bool, std::string>{true, "bit-identical to the sequential render"};
  };
}

void print_placement(MPI_Comm comm) {
  const auto names = mpi::processor_names(comm);
  if (mpi::rank(comm) == 0) std::cout << "Placement: " << mpi::placement(names) << '\n';
}

int run_ladder(const std::vector<LadderRung>& rungs, const Ladder& l, const mpi::DriverOptions& opt) {
  const bool root = mpi::rank() == 0;
  std::vector<Record> recs;
  int failed = 0, missing = 0;
  for (const auto& rung : rungs) {
    try {
      rung.run();  // the validation run, also the warm-up
    } catch (const not_implemented& e) {
      // Stubs throw before any communication, on every rank alike.
      if (root) std::cout << "Solution not implemented [" << rung.name << "]: " << e.what() << '\n';
      ++missing;
      continue;
    }
    auto [ok_here, detail] = l.check();
    const bool ok = mpi::all_ok(ok_here);
    if (root) print_validates(rung.name, ok, ok || !detail.empty() ? detail : "another rank's result is wrong");
    if (!ok) {
      ++failed;
      continue;
    }
    Record r = l.proto;
    r.variant = rung.name;
    r.validated = true;
    r.stats = mpi::measure(rung.run, opt.timing());
    r.rate = l.work / r.stats.median;
    r.rate_unit = l.unit;
    if (root) print_rate(rung.name, r.rate, l.unit, r.stats);
    if (rung.annotate) rung.annotate(r);
    recs.push_back(r);
  }
  if (root && !recs.empty()) {
    double t_base = NAN;
    for (const auto& r : recs)
      if (r.variant == l.baseline) t_base = r.stats.median;
    Table t({"variant", "ranks", "threads", "median s", "min s", "max s", l.unit,
             l.baseline.empty() ? "speedup" : "x " + l.baseline, "efficiency"});
    for (auto& r : recs) {
      const double s = speedup(t_base, r.stats.median);
      const double e = efficiency(s, r.ranks * r.threads);  // over the baseline, per worker this rung used
      if (!std::isnan(s)) r.extra.push_back({"speedup_vs_" + l.baseline, s});
      if (!std::isnan(e)) r.extra.push_back({"efficiency", e});
      t.add({r.variant, std::to_string(r.ranks), std::to_string(r.threads), fmt(r.stats.median, 4), fmt(r.stats.min, 4),
             fmt(r.stats.max, 4), fmt(r.rate, 3), fmt(s, 2), fmt(e, 2)});
    }
    std::cout << '\n';
    t.print(std::cout);
  }
  mpi::write_json(opt.json, recs);
  if (root && failed) std::cout << failed << " rung(s) FAILED validation\n";
  if (root && missing) std::cout << missing << " rung(s) not implemented yet\n";
  return failed ? 1 : missing ? 3 : 0;
}

}  // namespace parlab::mpi05
