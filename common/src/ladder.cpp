#include "parlab/ladder.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <iterator>
#include <iostream>
#include <map>
#include <numeric>
#include <random>
#include <span>
#include <stdexcept>

#include "parlab/calibrate.hpp"
#include "parlab/error.hpp"
#include "parlab/main.hpp"
#include "parlab/output.hpp"
#include "parlab/roof.hpp"

namespace parlab {

Verdict Verdict::check(bool ok, std::string detail) {
  Verdict v;
  v.kind = ok ? Kind::pass : Kind::fail;
  v.detail = std::move(detail);
  return v;
}

Verdict Verdict::demo(std::string detail) {
  Verdict v;
  v.kind = Kind::demo;
  v.detail = std::move(detail);
  return v;
}

namespace {
void no_times(Record& r) {
  r.stats.min = r.stats.median = r.stats.max = r.stats.mean = r.stats.stddev = NAN;
  r.rate = NAN;
}

// A number no rung can know before it is drawn (the clock alone where no random device is).
std::uint64_t fresh_draw() {
  std::uint64_t d = std::uint64_t(std::chrono::steady_clock::now().time_since_epoch().count());
  try {
    std::random_device rd;
    d ^= (std::uint64_t(rd()) << 32) ^ rd();
  } catch (const std::exception&) {
  }
  return d;
}

const TimingOptions kOnce{0, 1, 1, 0.0};
}  // namespace

// The threads the rung's run really had: the record, its efficiency and % peak count those.
int Runner::ran_threads(const Rung& rung, int threads, const std::string& label) const {
  if (!rung.threaded || !rung.team) return threads;
  const int ran = rung.team(threads);
  if (ran == threads || ran < 1) return threads;
  if (team_.root)
    std::cout << "warning [" << label << "]: asked for " << threads << " threads, ran " << ran
              << " (OMP_THREAD_LIMIT, OMP_DYNAMIC or the library's cap): the record counts " << ran << '\n';
  return ran;
}

// What the Runner times of one run of `rung` and what it does untimed around it (Offload, Staging).
Runner::Timed Runner::timed_run(const Rung& rung, int threads) const {
  const Offload& o = rung.offload;
  const Staging& s = rung.staging;
  const auto refused = [&](const std::string& why) {
    return std::logic_error("rung " + rung.name + (o.device.empty() ? "" : " on device '" + o.device + "'") + ": " + why);
  };
  Timed t{};
  t.threads = threads;
  const bool staged = s.given();
  if (staged && s.what.empty()) throw refused("a staging says what it does (the record's note `untimed`)");
  if (o.device.empty()) {
    if (o.upload || o.wait || o.download) throw refused("fence hooks given to a host rung (name its device)");
    t.run = [&rung, threads] { rung.run(threads); };
    t.before = s.in;
    t.after = s.out;
    return t;
  }
  if (staged) throw refused("an offload rung moves its data with its fence's upload and download, not a staging");
  if (o.fence == Fence::host || o.fence == Fence::staging_excluded)
    throw refused("an offload rung is timed after its data is back (data_back) or without the transfers "
                  "(transfers_excluded), never as a host rung");
  const bool apart = o.fence == Fence::transfers_excluded;
  if (apart != bool(o.upload) || apart != bool(o.download))
    throw refused(apart ? "transfers_excluded needs its upload and download" : "data_back moves its data in the run");
  t.run = [&rung, threads] {
    rung.run(threads);
    if (rung.offload.wait) rung.offload.wait();
  };
  t.before = o.upload;
  t.after = o.download;
  return t;
}

bool RunOptions::wants(const std::string& rung) const {
  return variants.empty() || std::find(variants.begin(), variants.end(), rung) != variants.end();
}

std::string list_text(const std::vector<int>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';  // appends, not operator+: GCC 12 warns falsely (-Wrestrict) on the latter
    out += std::to_string(v[i]);
  }
  return out;
}

std::string rung_help(const std::vector<Rung>& rungs) {
  std::string out = "\nrungs (--variants):\n";
  for (const auto& r : rungs)
    out += "  " + r.name + std::string(r.name.size() < 24 ? 24 - r.name.size() : 1, ' ') + r.about + '\n';
  return out;
}

Cli& add_run_options(Cli& cli, RunOptions& opt, const std::vector<Rung>& rungs, bool with_threads, int max_threads) {
  std::vector<std::string> names;
  for (const auto& r : rungs) names.push_back(r.name);
  cli.option("variants", opt.variants, "rungs to run (default: all)", names);
  if (with_threads) cli.option("threads", opt.threads, "thread counts for the parallel rungs", 1, max_threads);
  return cli.option("reps", opt.reps, "at least this many timed runs", 1, 1000)
      .option("min-time", opt.min_time, "and at least this many seconds of timed runs", 0.0, 600.0)
      .flag("interleave", opt.interleave, "time the rungs in --reps rounds, one run of each per round (--min-time unused)")
      .flag("calibrate", opt.calibrate, "also time an ideal parallel loop (calibrate/one, calibrate/all; JSON only)")
      .option("json", opt.json, "write JSON records to this file (its folder is created)")
      .note(rung_help(rungs));
}

Team local_team() {
  return {true, 1, [](bool ok) { return ok; },
          [](const std::function<void()>& fn, const TimingOptions& t) { return measure(fn, t); }};
}

Runner::Runner(RunOptions opt, Team team) : opt_(std::move(opt)), team_(std::move(team)) {
  std::string why;
  if (team_.root) try {
      prepare_output_file(opt_.json, "--json");
    } catch (const usage_error& e) {
      why = e.what();
    }
  if (opt_.interleave) context_.push_back({"timing", "\"interleaved\""});
  // Every member throws alike (an MPI rank must not go on alone); only the root's text is printed.
  if (!team_.all_ok(why.empty())) throw usage_error(why.empty() ? "--json: cannot write '" + opt_.json + "'" : why);
}

void Runner::banner(const std::string& module, const std::string& kernel, const std::string& params) const {
  std::string p = params;
  if (p.find("threads=") == std::string::npos) p += " threads=" + list_text(opt_.threads);
  p += " ranks=" + std::to_string(team_.ranks);
  if (opt_.interleave) p += " timing=interleaved";
  if (team_.root) print_banner(module, kernel, p);
}

// --calibrate: the ideal loop by one worker (rank 0, one thread) and by every worker
// (every rank, each --threads count), both `ideal_loop_iterations` in all.
std::vector<Rung> Runner::calibration_rungs() {
  auto verdict = [](int) {
    Verdict v = Verdict::check(true, "an ideal parallel loop, the yardstick of scaling (nothing to check)");
    v.work = fma_chains_flops(ideal_loop_iterations) / 1e9;
    v.unit = "GFLOP/s";
    return v;
  };
  std::vector<Rung> r;
  r.emplace_back("calibrate/one", "the ideal loop on one worker",
                 [this](int) { if (team_.root) sink_ += ideal_loop(ideal_loop_iterations, 1); });
  r.back().checked_by(verdict).on_ranks(1);
  r.emplace_back("calibrate/all", "the ideal loop on every rank and thread",
                 [this](int t) { sink_ += ideal_loop(ideal_loop_iterations / team_.ranks, t); }, true);
  r.back().checked_by(verdict);
  return r;
}

std::vector<Record> Runner::run(const Ladder& l, const std::vector<Rung>& rungs) {
  std::vector<Record> out;
  std::vector<Timed> timed;  // --interleave: timed after every check
  const bool root = team_.root;
  std::vector<std::pair<const Rung*, std::string>> list;  // the rungs to run, with their record's variant
  for (const Rung& rung : rungs)
    if (opt_.wants(rung.name)) list.emplace_back(&rung, l.prefix + rung.name + l.suffix);
  if (opt_.calibrate && calibration_rungs_.empty() && !list.empty()) {  // with the first ladder, in its rounds
    calibration_rungs_ = calibration_rungs();
    for (const Rung& rung : calibration_rungs_) list.emplace_back(&rung, rung.name);
  }
  for (const auto& [rp, variant] : list) {
    const Rung& rung = *rp;
    for (int threads : rung.threaded ? opt_.threads : std::vector<int>{1}) {
      const std::string label = rung.threaded ? variant + " x" + std::to_string(threads) : variant;
      Timed t = timed_run(rung, threads);
      if (l.poison) l.poison();
      if (!checked_run(t, label)) continue;  // the checked run, also the warm-up
      Verdict v = rung.check ? rung.check(threads) : l.check ? l.check(threads) : Verdict::check(true, "");
      const bool ok = team_.all_ok(v.kind != Verdict::Kind::fail);
      if (v.kind == Verdict::Kind::demo) {
        if (root) std::cout << "Demo [" << label << "]: " << v.detail << '\n';
      } else if (root) {
        print_validates(label, ok, ok || !v.detail.empty() ? v.detail : "another rank's result is wrong");
      }
      if (!ok) ++failed;
      if (v.stop) return keep_calibration(out);  // (pending --interleave runs keep NaN times: nothing more may run)
      if (!ok) continue;
      Record r = l.proto;
      r.variant = variant;
      r.threads = ran_threads(rung, threads, label);
      r.ranks = rung.ranks > 0 ? rung.ranks : team_.ranks;
      r.device = rung.offload.device;
      r.fence = !r.device.empty() ? rung.offload.fence : rung.staging.given() ? Fence::staging_excluded : Fence::host;
      if (r.fence == Fence::staging_excluded) r.notes.push_back({"untimed", rung.staging.what});
      if (v.work > 0) r.flops = r.bytes = 0, r.roof = Roof::none;  // a run of its own work: not the ladder's problem
      r.validated = v.kind == Verdict::Kind::pass;
      r.extra.insert(r.extra.end(), v.extra.begin(), v.extra.end());
      r.notes.insert(r.notes.end(), v.notes.begin(), v.notes.end());
      if (r.threads != threads) r.params.push_back({"threads_requested", threads});
      r.rate_unit = v.unit.empty() ? l.unit : v.unit;
      // A rung with a check of its own (a calibration loop, a demo) is not the ladder's to verify.
      // (refresh, verify and rung.check are alike on every member: only then the collective.)
      const bool fresh =
          l.refresh && l.verify && !rung.check && team_.all_ok(v.kind == Verdict::Kind::pass);
      t.record = out.size(), t.label = label, t.work = v.work > 0 ? v.work : l.work;
      t.describe = rung.describe, t.fresh = fresh;
      if (rung.timed && opt_.interleave) {  // timed below, in rounds with the others
        timed.push_back(t);
        no_times(r);
      } else if (rung.timed) {
        time_alone(l, t, r);
      } else if (v.seconds > 0) {  // it timed its one run itself
        r.stats = summarize({v.seconds});
        r.rate = (v.work > 0 ? v.work : l.work) / v.seconds;
      } else {  // what it found is in its check's fields; no times
        no_times(r);
        r.rate_unit.clear();
      }
      if (rung.describe && !rung.timed) rung.describe(r);  // a timed one: once timed
      if (root && !std::isnan(r.rate)) print_rate(label, r.rate, r.rate_unit, r.stats);
      out.push_back(std::move(r));
    }
  }
  if (!timed.empty()) time_interleaved(l, out, timed);
  return keep_calibration(out);
}

// The checked run with its untimed hooks around it (before, run, after: a stub or an
// exception in any of them is the run's), agreed on by the team. A stub throws before any
// communication, but on the members that run it only: a rung of the root alone (a seq
// baseline) would leave the others waiting in the next collective. One all_ok per checked
// run (none per timed run) makes every member act alike: a stub on any member skips the rung
// everywhere (counted missing); any other exception ends every member (the thrower's own,
// the others' a pointer).
bool Runner::checked_run(const Timed& t, const std::string& label) {
  std::string stub;  // the stub's words
  std::exception_ptr error;
  try {
    if (t.before) t.before();
    t.run();
    if (t.after) t.after();
  } catch (const not_implemented& e) {
    stub = e.what();
  } catch (...) {
    error = std::current_exception();
  }
  if (team_.all_ok(stub.empty() && !error)) return true;
  if (!team_.all_ok(!error)) {
    // Every rank ends in MPI_Abort, and the first abort kills the others: the rank that failed
    // says why before the team meets once more, so its words are out whoever aborts first.
    if (error && team_.ranks > 1) {
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        std::cerr << "rung " << label << " failed on this rank: " << e.what() << std::endl;
      } catch (...) {
        std::cerr << "rung " << label << " failed" << std::endl;
      }
    }
    team_.all_ok(true);
    if (error) std::rethrow_exception(error);
    throw std::runtime_error("rung " + label + " failed on another rank (its error is above)");
  }
  if (team_.root)
    std::cout << "Solution not implemented [" << label << "]: " << (stub.empty() ? "on another rank" : stub) << '\n';
  ++missing;
  return false;
}

// The calibration records leave the ladder's (its tables are about the rungs) for the JSON.
std::vector<Record> Runner::keep_calibration(std::vector<Record>& out) {
  auto cal = std::stable_partition(out.begin(), out.end(), [](const Record& r) { return r.variant.rfind("calibrate/", 0) != 0; });
  const auto first_new = calibration_.size();  // a later ladder brings none: nothing printed twice
  std::move(cal, out.end(), std::back_inserter(calibration_));
  out.erase(cal, out.end());
  const auto moved = std::span<const Record>(calibration_).subspan(first_new);
  double one = NAN;
  for (const Record& r : moved)
    if (r.variant == "calibrate/one") one = r.stats.median;
  if (team_.root && !std::isnan(one))
    for (const Record& r : moved)
      if (r.variant == "calibrate/all")
        std::cout << "Calibration [" << team_.ranks * r.threads << " worker(s)]: the ideal loop gains x"
                  << fmt(one / r.stats.median, 2) << " over one worker (the cores free right now)\n";
  return std::move(out);
}

// One timed run: fresh inputs and a poisoned output before it, its check after it, both
// outside the timed region; the draws are made at run time, each after the run before.
void Runner::time_once(const Ladder& l, const Timed& t, Series& s) const {
  if (t.fresh) l.refresh(team_.share(fresh_draw()));
  double cpu = 0;  // the rung's own: not the waits for other ranks around it (MPI)
  const auto counted = [&] {
    const double cpu0 = process_cpu_seconds();
    t.run();
    cpu = process_cpu_seconds() - cpu0;
  };
  if (t.before) t.before();
  s.times.push_back(team_.measure(counted, kOnce).median);
  if (t.after) t.after();
  s.cpu += team_.sum(cpu);
  if (!t.fresh) return;
  const Verdict v = l.verify(t.threads, team_.share(fresh_draw()));
  if (!team_.all_ok(v.kind != Verdict::Kind::fail) && s.failed.empty())
    s.failed = "timed run " + std::to_string(s.times.size()) +
               " (each is checked on its own: a result kept from an earlier run fails): " +
               (v.detail.empty() ? "another rank's result is wrong" : v.detail);
}

// The rung's runs one after another: at least --reps and --min-time (the same stop on
// every MPI rank: the times are the team's).
void Runner::time_alone(const Ladder& l, const Timed& t, Record& r) {
  const TimingOptions o = opt_.timing();
  Series s;
  double total = 0;
  while (int(s.times.size()) < o.max_reps && (int(s.times.size()) < o.min_reps || total < o.min_seconds)) {
    time_once(l, t, s);
    total += s.times.back();
  }
  settle(r, t, s);
}

void Runner::time_interleaved(const Ladder& l, std::vector<Record>& out, const std::vector<Timed>& timed) {
  // A fixed number of rounds, the same on every MPI rank (a time-based stop could differ).
  std::vector<Series> series(timed.size());
  for (int round = 0; round < opt_.reps; ++round)
    for (std::size_t u = 0; u < timed.size(); ++u) time_once(l, timed[u], series[u]);
  for (std::size_t u = 0; u < timed.size(); ++u) {
    Record& r = out[timed[u].record];
    settle(r, timed[u], series[u]);
    if (team_.root) print_rate(timed[u].label, r.rate, r.rate_unit, r.stats);
  }
}

// The record from its timed runs; one that failed its check fails the rung, said first.
void Runner::settle(Record& r, const Timed& t, const Series& s) {
  r.stats = summarize(s.times);
  r.rate = t.work / r.stats.median;
  if (opt_.interleave) r.arrays.emplace_back("times_s", s.times);
  if (t.describe) t.describe(r);  // it may read the times
  // after the rung's own fields (a driver may read those by position)
  const double wall = std::accumulate(s.times.begin(), s.times.end(), 0.0);
  if (wall > 0) r.extra.push_back({"cores_used", s.cpu / wall});
  if (s.failed.empty()) return;
  r.validated = false;
  r.notes.push_back({"failed", s.failed});
  ++failed;
  if (team_.root) print_validates(t.label, false, s.failed);
}

void Runner::speedup_table(std::vector<Record>& recs, const std::string& baseline, bool show_roof) const {
  if (recs.empty()) return;
  // The roof of the column: the first record's (a ladder's records share their problem).
  const Roof roof = show_roof ? recs[0].roof : Roof::none;
  double t_base = NAN;
  std::map<std::string, double> t_one;  // each rung's time at 1 thread
  for (const auto& r : recs) {
    if (r.variant == baseline && r.threads == 1 && std::isnan(t_base)) t_base = r.stats.median;
    if (r.threads == 1) t_one.emplace(r.variant, r.stats.median);
  }
  bool show_ranks = false;
  for (const auto& r : recs) show_ranks = show_ranks || r.ranks > 1;
  std::vector<std::string> head{"variant"};
  if (show_ranks) head.push_back("ranks");
  for (const char* h : {"threads", "median s", "min s", "max s"}) head.push_back(h);
  head.push_back(recs[0].rate_unit);
  if (!baseline.empty()) head.push_back("x " + baseline);
  head.push_back("efficiency");
  if (roof != Roof::none) head.push_back(roof == Roof::compute ? "% peak" : "% bw");
  Table table(head);
  for (auto& r : recs) {
    const double s = speedup(t_base, r.stats.median);
    if (!baseline.empty() && std::isfinite(s)) r.extra.push_back({"speedup_vs_" + baseline, s});
    // efficiency: the speedup over the baseline per worker the rung used, the same meaning in
    // every driver; a rung's scaling against its own 1-thread run is self_speedup.
    const double eff = efficiency(s, r.workers());
    if (std::isfinite(eff)) r.extra.push_back({"efficiency", eff});
    if (t_one.count(r.variant) && r.threads > 1) {
      const double self = speedup(t_one[r.variant], r.stats.median);
      r.extra.push_back({"self_speedup", self});
      r.extra.push_back({"karp_flatt", karp_flatt(self, r.threads)});
    }
    std::vector<std::string> row{r.variant};
    if (show_ranks) row.push_back(std::to_string(r.ranks));
    for (const std::string& c : {std::to_string(r.threads), fmt(r.stats.median, 4), fmt(r.stats.min, 4),
                                 fmt(r.stats.max, 4), fmt(r.rate, 2)})
      row.push_back(c);
    if (!baseline.empty()) row.push_back(fmt(s, 2));
    row.push_back(fmt(eff, 2));
    if (roof != Roof::none) {
      const double pct = pct_of_roof(r);
      if (std::isfinite(pct)) {
        if (r.roof == Roof::compute) r.extra.push_back({"pct_peak", pct});  // the readers' older name
        r.extra.push_back({"pct_roof", pct});
      }
      row.push_back(fmt(pct, 1));
    }
    table.add(row);
  }
  if (!team_.root) return;
  std::cout << '\n';
  table.print(std::cout);
  if (roof == Roof::compute)
    std::cout << "(% peak: of " << fmt(peak_gflops(1), 1)
              << " GFLOP/s per core, measured with an FMA loop; set PARLAB_PEAK_GFLOPS to override)\n";
  if (roof == Roof::memory)
    std::cout << "(% bw: of the memory bandwidth the same threads reach, " << fmt(peak_bandwidth_gbs(1), 1)
              << " GB/s on one, measured with STREAM's triad; set PARLAB_PEAK_GBS to override)\n";
}

void Runner::ratio_table(std::vector<Record>& recs, const std::string& base) const {
  if (recs.empty()) return;
  std::map<int, double> base_rate;
  for (const auto& r : recs)
    if (r.variant == base) base_rate[r.threads] = r.rate;
  Table t({"variant", "threads", "median s", "min s", "max s", recs[0].rate_unit, "x " + base});
  for (auto& r : recs) {
    const double ratio = base_rate.count(r.threads) ? r.rate / base_rate[r.threads] : NAN;
    if (std::isfinite(ratio)) r.extra.push_back({"speedup_vs_" + base, ratio});
    t.add({r.variant, std::to_string(r.threads), fmt(r.stats.median, 4), fmt(r.stats.min, 4), fmt(r.stats.max, 4),
           fmt(r.rate, 2), fmt(ratio, 2)});
  }
  if (!team_.root) return;
  std::cout << '\n';
  t.print(std::cout);
}

void Runner::add_context(const std::string& key, const std::string& json) { context_.push_back({key, json}); }

int Runner::finish(const std::vector<Record>& records) const {
  if (team_.root) {
    if (!opt_.json.empty()) {
      JsonReport rep;
      for (const auto& [k, v] : context_) rep.add_context(k, v);
      for (const auto& r : records) rep.add(r);
      for (const auto& r : calibration_) rep.add(r);
      rep.write(opt_.json);
      std::cout << "JSON records: " << opt_.json << '\n';
    }
    if (failed) std::cout << failed << " rung(s) FAILED validation\n";
    if (missing) std::cout << missing << " rung(s) not implemented yet\n";
  }
  return exit_code(failed, missing);
}

}  // namespace parlab
