// The ladder framework every driver is built on. A driver is its rung list (name, one-line
// about, the function) plus what is truly its own (its problem, its options, its tables);
// this file gives the rest once:
//   RunOptions + add_run_options  --variants --reps --min-time --json [--threads], with the
//                                 rung list in --help generated from the rungs
//   Team                          the timer policy: wall clock here (local_team), barrier +
//                                 MPI_Wtime + max over ranks in parlab/mpi.hpp (mpi::team)
//   Ladder + Runner::run          poison the output, run, check, print, time, record; every
//                                 timed run with fresh inputs and checked (Ladder::refresh, verify)
//   Rung::on_ranks, on_device     what a rung runs on (ranks, threads, an offload device)
//   Rung::staged_by               and where its timed region begins and ends (Fence)
//   Runner::speedup_table         speedups, efficiency, Karp-Flatt, % of the record's roof
//   Runner::finish                the JSON record (docs/design.md), the one exit-code rule
// Only the team's root prints and writes.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "parlab/cli.hpp"
#include "parlab/report.hpp"
#include "parlab/timing.hpp"

namespace parlab {

// What the check of one run found.
struct Verdict {
  enum class Kind { pass, fail, demo };  // demo: broken on purpose, shown and timed, never fails
  Kind kind = Kind::pass;
  std::string detail;
  double work = 0;    // this run's work, when it is not the ladder's (0: the ladder's)
  double seconds = 0; // an untimed rung that timed its one run itself: the record's time
  bool stop = false;  // nothing more can run (threads stuck in a deadlock): end the ladder
  std::vector<std::pair<std::string, double>> extra;  // fields for this run's record
  std::vector<std::pair<std::string, std::string>> notes;
  std::string unit;   // this run's rate unit, when it is not the ladder's

  static Verdict check(bool ok, std::string detail);
  static Verdict demo(std::string detail);
};

// An offload rung's device and how it is fenced (Record::fence). data_back: the rung's run
// brings its results back to host memory itself (a target region's map(from:)), and `wait`,
// if set, is timed after it. transfers_excluded: `upload` (before the run) and `download`
// (after it, before the check) move the data, untimed; `wait` (timed, after the run) returns
// once the device's work is done, so a run that returns early (nowait) is still timed whole.
struct Offload {
  std::string device;  // "gpu", "gpu:0": what the record says it ran on
  Fence fence = Fence::data_back;
  std::function<void()> upload, wait, download;
};

// A host rung's untimed work around each of its runs (Fence::staging_excluded), as an offload
// rung's upload and download are around its: `in` before the run (an MPI rung: each rank's
// block made from the problem), `out` after it, before the check (the field gathered on the
// root). MPI: collective like the run, called on every rank; a stub or an exception in them
// is the run's (Runner::run), and after a run that threw `out` is not called (the next `in`
// starts from what was left). `what`: what they do, in words: the record's note `untimed`.
struct Staging {
  std::function<void()> in, out;
  std::string what;
  bool given() const { return in || out; }  // any hook: the rung is fenced staging_excluded
};

struct Rung {
  Rung(std::string name, std::string about, std::function<void(int threads)> run, bool threaded = false)
      : name(std::move(name)), about(std::move(about)), run(std::move(run)), threaded(threaded) {}
  // The optional parts, chained: Rung{...}.checked_by(f).untimed()
  Rung& checked_by(std::function<Verdict(int threads)> f) { check = std::move(f); return *this; }
  Rung& described_by(std::function<void(Record&)> f) { describe = std::move(f); return *this; }
  Rung& untimed() { timed = false; return *this; }
  Rung& teamed_by(std::function<int(int threads)> f) { team = std::move(f); return *this; }
  // The ranks it uses: 1 for a baseline that the root runs alone (the others call run and
  // return); 0: the team's. The record and the efficiency count those.
  Rung& on_ranks(int n) { ranks = n; return *this; }
  // Runs on an offload device (Offload); the Runner refuses one fenced like a host rung.
  Rung& on_device(Offload o) { offload = std::move(o); return *this; }
  // Setup outside its timed region (Staging; a host rung only: an offload rung's is its fence's).
  Rung& staged_by(Staging s) { staging = std::move(s); return *this; }

  std::string name;
  std::string about;                          // one line: --help lists it
  std::function<void(int threads)> run;       // the work (MPI: collective, every rank calls it)
  bool threaded = false;                      // run at every --threads count, else once at 1
  std::function<Verdict(int threads)> check;  // empty: the ladder's check
  bool timed = true;  // false: run, checked and shown once (a demo, an analysis); its record has no times
  std::function<void(Record&)> describe;      // its own record fields (MPI: on every rank, collective)
  // The threads a run asked for `threads` really has (an OpenMP team, OpenBLAS's cap); empty:
  // as asked. The record counts those, and says threads_requested when they differ.
  std::function<int(int threads)> team;
  int ranks = 0;    // on_ranks
  Offload offload;  // on_device; device empty: a host rung, Fence::host (staging_excluded if staged)
  Staging staging;  // staged_by
};

// The options every ladder driver shares.
struct RunOptions {
  std::vector<std::string> variants;  // the rungs to run; empty: all
  std::vector<int> threads{1};
  int reps = 3;
  double min_time = 0.25;
  std::string json;
  // Time the rungs in rounds (one run of each per round, --reps rounds) instead of
  // one after the other: a load that comes and goes slows neighbouring runs alike,
  // so the ratio of two rungs taken round by round holds on a busy machine. Each
  // record then has its times in round order ("times_s").
  bool interleave = false;
  // Also time an ideal parallel loop (parlab/calibrate.hpp) in the same rounds: what the
  // cores give right now. A grader counts a rung's scaling only from rounds in which it
  // gained, so a busy machine cannot flip a scaling grade. Its records go to the JSON
  // only, not to the tables.
  bool calibrate = false;
  // The checked run is the warm-up, so no untimed runs here.
  TimingOptions timing() const { return {0, reps, reps > 50 ? reps : 50, min_time}; }
  bool wants(const std::string& rung) const;
};

// Adds --variants (choices: the rung names, listed with their about in --help), --reps,
// --min-time, --interleave, --calibrate, --json and, if `with_threads`, --threads (each 1..max_threads).
Cli& add_run_options(Cli& cli, RunOptions& opt, const std::vector<Rung>& rungs, bool with_threads,
                     int max_threads = 1024);
// "  name      about" lines, for --help.
std::string rung_help(const std::vector<Rung>& rungs);

// Who runs the ladder and how it is timed.
struct Team {
  bool root = true;  // prints and writes
  int ranks = 1;
  std::function<bool(bool)> all_ok;  // every member's verdict ANDed (one failing rank fails all)
  std::function<Stats(const std::function<void()>&, const TimingOptions&)> measure;
  std::function<std::uint64_t(std::uint64_t)> share = [](std::uint64_t v) { return v; };  // the root's value, everywhere
  std::function<double(double)> sum = [](double v) { return v; };  // summed over the members
};
Team local_team();  // one process, wall clock (steady_clock)

// One ladder: the problem every rung solves and how a run is checked.
struct Ladder {
  Record proto;       // module, kernel, problem sizes and parameters: copied into every record
  double work = 0;    // per run, in the unit's millions or billions: rate = work / median
  std::string unit;   // "GFLOP/s", "Mpixel/s", ...
  std::string prefix, suffix;       // around the rung's name in labels and records ("cpu/", "/one")
  std::function<void()> poison;     // before EVERY checked run: only a rung's own work can pass
  std::function<Verdict(int threads)> check;  // after every checked run (a rung may have its own)
  // Every TIMED run of a rung checked by the ladder's check, untimed around it, so that no
  // run can reuse an earlier one's work: `refresh` gives the rung fresh inputs made from
  // `draw` (drawn after the run before; the same on every member) and poisons the output;
  // `verify` checks the run cheaply with a draw of its own, made after it. A run that fails
  // fails the rung. Set both on every member alike (MPI), or neither: timed runs unchecked.
  std::function<void(std::uint64_t draw)> refresh;
  std::function<Verdict(int threads, std::uint64_t draw)> verify;
};

class Runner {
 public:
  // Checks on the root that --json can be written (its folder is created); throws
  // usage_error naming --json on every member if not.
  explicit Runner(RunOptions opt, Team team = local_team());

  const RunOptions& options() const { return opt_; }
  const Team& team() const { return team_; }
  bool root() const { return team_.root; }

  // "== parlab <module> :: <kernel> :: <params> threads=<list> ranks=<n> ==" (threads= is
  // left out when params already give it). Every parameter that changes the work belongs
  // in params and in the record.
  void banner(const std::string& module, const std::string& kernel, const std::string& params) const;

  // Each selected rung at each thread count: poison, run, check, print "Solution validates",
  // time, print "Rate", record. Returns the records of the runs that passed (and demos).
  // With --interleave every check comes first, then the timed rounds. Each record gets
  // cores_used, the CPU time of its timed runs per second of their wall time (MPI: summed
  // over the ranks); a timed run that fails Ladder::verify leaves it validated false. The
  // untimed hooks (a Staging, an offload's upload and download) run around every run, the
  // checked one included: a stub or an exception in them is the run's.
  std::vector<Record> run(const Ladder& l, const std::vector<Rung>& rungs);

  // Prints the table of rates, speedups against `baseline` (its 1-thread run) and
  // efficiencies, and adds speedup_vs_<baseline>, self_speedup, efficiency, karp_flatt to
  // the records; with show_roof, each record's rate against its roof (parlab/roof.hpp) as
  // pct_roof, a column "% peak" (compute roof; also pct_peak, its older name) or "% bw" (memory).
  void speedup_table(std::vector<Record>& recs, const std::string& baseline, bool show_roof = false) const;

  // Prints the table of rates against `base` at the same thread count (what a fix costs,
  // what padding gains) and adds speedup_vs_<base> to the records.
  void ratio_table(std::vector<Record>& recs, const std::string& base) const;

  // An extra entry of the JSON context, as raw JSON ({"blas": {...}}).
  void add_context(const std::string& key, const std::string& json);

  // Writes the JSON (root), prints how many failed or are missing, returns the exit code.
  int finish(const std::vector<Record>& records) const;

  int failed = 0, missing = 0;  // drivers with checks of their own add to these

 private:
  struct Timed {  // a checked rung and thread count, to be timed
    std::size_t record;
    std::string label;
    double work;
    std::function<void()> run;              // timed: the rung's run and its fence's wait
    std::function<void()> before, after;    // untimed around it: an offload's upload, download; a Staging
    std::function<void(Record&)> describe;  // after the timing: it may read the times
    int threads;
    bool fresh;  // every run refreshed and verified (Ladder::refresh, verify)
  };
  struct Series {  // what a Timed's runs gave
    std::vector<double> times;
    double cpu = 0;      // seconds of CPU time, all runs together
    std::string failed;  // the first run that failed Ladder::verify, and why
  };
  int ran_threads(const Rung& rung, int threads, const std::string& label) const;
  Timed timed_run(const Rung& rung, int threads) const;
  bool checked_run(const Timed& t, const std::string& label);  // false: a stub (counted missing)
  void time_once(const Ladder& l, const Timed& t, Series& s) const;
  void time_alone(const Ladder& l, const Timed& t, Record& r);
  void time_interleaved(const Ladder& l, std::vector<Record>& out, const std::vector<Timed>& timed);
  void settle(Record& r, const Timed& t, const Series& s);
  std::vector<Rung> calibration_rungs();
  std::vector<Record> keep_calibration(std::vector<Record>& out);
  RunOptions opt_;
  Team team_;
  std::vector<Rung> calibration_rungs_;  // --calibrate: run with the first ladder only
  std::vector<Record> calibration_;      // their records: written by finish()
  double sink_ = 0;                      // the ideal loop's results: its work is not elided
  std::vector<std::pair<std::string, std::string>> context_;
};

// "1,2,4"
std::string list_text(const std::vector<int>& v);

}  // namespace parlab
