// The ladder knows any workload: a record describes its problem (sizes, flops, bytes, the
// roof that bounds it) and its % of that roof is right for a memory-bound kernel too; a rung
// declares its resources (ranks, an offload device) and its fence (a host rung: its staging),
// and the record says them.
// The team's clock is replaced by a fixed one: no test here reads a real time.
#include "support/catch.hpp"
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "parlab/driver.hpp"
#include "parlab/error.hpp"
#include "parlab/ladder.hpp"
#include "parlab/matmul.hpp"
#include "parlab/roof.hpp"

using namespace parlab;

namespace {

constexpr double kSeconds = 0.002;  // every timed run takes this long on the fixed clock

// One process whose clock says kSeconds for every run; `log` (if set) sees where the
// timed region starts and ends.
Team fixed_clock_team(std::string* log = nullptr, int ranks = 1) {
  Team t = local_team();
  t.ranks = ranks;
  t.measure = [log](const std::function<void()>& fn, const TimingOptions&) {
    if (log) *log += "[ ";
    fn();
    if (log) *log += "] ";
    Stats s;
    s.reps = 1;
    s.min = s.median = s.max = s.mean = kSeconds;
    return s;
  };
  return t;
}

RunOptions once(const std::string& json = {}) {
  RunOptions o;
  o.reps = 2, o.min_time = 0, o.json = json;
  return o;
}

std::string temp_json(const char* what) {
  return (std::filesystem::temp_directory_path() / (std::string("parlab_") + what + "." + std::to_string(::getpid()) + ".json"))
      .string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  std::filesystem::remove(path);
  return text;
}

double extra(const Record& r, const std::string& key) {
  for (const auto& [k, v] : r.extra)
    if (k == key) return v;
  return NAN;
}

// A toy memory-bound workload: a = b (n doubles), 16 bytes and no flop per element.
struct Copy {
  long n = 1000;
  std::vector<double> a = std::vector<double>(n), b = std::vector<double>(n, 2.5);
  Ladder ladder() {
    Ladder l;
    l.proto.module = "test";
    l.proto.kernel = "copy";
    l.proto.set_size("n", n);
    l.proto.bytes = 16.0 * double(n);
    l.proto.roof = Roof::memory;
    l.work = l.proto.bytes / 1e9;
    l.unit = "GB/s";
    l.poison = [this] { std::fill(a.begin(), a.end(), -1.0); };
    l.check = [this](int) { return Verdict::check(a == b, "a = b"); };
    return l;
  }
  void run() { a = b; }
};

}  // namespace

TEST_CASE("a memory-bound workload gets its % of the bandwidth roof in the record", "[ladder][roof]") {
  ::setenv("PARLAB_PEAK_GBS", "16", 1);  // the roof: 16 GB/s (read once per process)
  Copy w;
  const std::string path = temp_json("roof");
  Runner runner(once(path), fixed_clock_team());
  std::vector<Record> recs = runner.run(w.ladder(), {Rung("copy", "a = b", [&](int) { w.run(); })});
  REQUIRE(recs.size() == 1);
  runner.speedup_table(recs, "copy", true);
  REQUIRE(runner.finish(recs) == 0);
  const Record& r = recs[0];
  const double gbs = 16.0 * 1000 / 1e9 / kSeconds;  // 0.008 GB/s
  CHECK(r.rate == Approx(gbs));
  CHECK(extra(r, "pct_roof") == Approx(100.0 * gbs / 16.0));  // of the bandwidth, not of the FMA peak
  CHECK(std::isnan(extra(r, "pct_peak")));                    // the compute roof's name: not this one's
  const std::string json = slurp(path);
  for (const char* key : {"\"kernel\": \"copy\", \"variant\": \"copy\", \"n\": 1000, ", "\"sizes\": {\"n\": 1000}",
                          "\"bytes\": 16000", "\"roof\": \"memory\"", "\"fence\": \"host\"", "\"pct_roof\": 0.05"})
    CHECK(json.find(key) != std::string::npos);
  CHECK(json.find("\"flops\"") == std::string::npos);  // not counted: left out, and so is the intensity
  CHECK(json.find("\"intensity\"") == std::string::npos);
  ::unsetenv("PARLAB_PEAK_GBS");
}

TEST_CASE("a compute-bound record is measured against the FMA peak, one without a roof has no %", "[ladder][roof]") {
  ::setenv("PARLAB_PEAK_GFLOPS", "4", 1);  // per core
  Record r;
  r.flops = 8e6, r.bytes = 4e6, r.roof = Roof::compute, r.threads = 2;
  r.stats.median = 0.001;  // 8 GFLOP/s
  CHECK(peak_gflops(1) == Approx(4.0));
  CHECK(pct_of_roof(r) == Approx(100.0 * 8 / peak_gflops(2)));  // 100 with 2 cores
  r.ranks = 2;  // the workers are ranks x threads
  CHECK(pct_of_roof(r) == Approx(100.0 * 8 / peak_gflops(4)));
  r.roof = Roof::none;
  CHECK(std::isnan(pct_of_roof(r)));
  r.roof = Roof::memory, r.bytes = 0;  // a roof without the work it counts
  CHECK(std::isnan(pct_of_roof(r)));
  JsonReport rep;
  Record x;
  x.flops = 8, x.bytes = 4, x.roof = Roof::compute;
  rep.add(x);
  CHECK(rep.to_string().find("\"flops\": 8, \"bytes\": 4, \"intensity\": 2, \"roof\": \"compute\"") != std::string::npos);
  ::unsetenv("PARLAB_PEAK_GFLOPS");
}

TEST_CASE("an offload rung's transfers stay outside its timed region, and its record says so", "[ladder][device]") {
  // A simulated device: its memory is a vector the rung computes in; the host sees its
  // result only once it is downloaded.
  Copy w;
  std::vector<double> device;
  std::string log;
  const auto offload = [&](Fence fence) {
    Offload o{"sim:0", fence, nullptr, [&] { log += "wait "; }, nullptr};
    if (fence == Fence::transfers_excluded) {
      o.upload = [&] { log += "up ", device = w.b; };
      o.download = [&] { log += "down ", w.a = device; };
    }
    return o;
  };
  Rung apart("apart", "kernel only", [&](int) { log += "run "; });
  apart.on_device(offload(Fence::transfers_excluded));
  Rung whole("whole", "brings its data back itself", [&](int) {
    log += "run ";
    device = w.b;
    w.a = device;
  });
  whole.on_device(offload(Fence::data_back));
  const std::string path = temp_json("device");
  Runner runner(once(path), fixed_clock_team(&log));
  std::vector<Record> recs = runner.run(w.ladder(), {apart, whole});
  REQUIRE(recs.size() == 2);
  // The checked run (untimed, its result downloaded before the check), then two timed runs:
  // the upload and download outside the brackets of the clock, the wait inside them.
  const std::string apart_log = "up run wait down up [ run wait ] down up [ run wait ] down ";
  CHECK(log == apart_log + "run wait [ run wait ] [ run wait ] ");
  CHECK(recs[0].device == "sim:0");
  CHECK(recs[0].fence == Fence::transfers_excluded);
  CHECK(recs[1].fence == Fence::data_back);
  CHECK(recs[0].validated);
  REQUIRE(runner.finish(recs) == 0);
  const std::string json = slurp(path);
  CHECK(json.find("\"device\": \"sim:0\", \"fence\": \"transfers_excluded\"") != std::string::npos);
  CHECK(json.find("\"device\": \"sim:0\", \"fence\": \"data_back\"") != std::string::npos);

  SECTION("a device rung that forgets to download its result fails its check") {
    Rung lost("lost", "never downloads", [&](int) { device = w.b; });
    lost.on_device({"sim:0", Fence::transfers_excluded, [] {}, nullptr, [] {}});
    Runner r(once(), fixed_clock_team());
    CHECK(r.run(w.ladder(), {lost}).empty());
    CHECK(r.failed == 1);
  }
  SECTION("an offload rung fenced like a host rung, or without its transfers, is refused") {
    Runner r(once(), fixed_clock_team());
    Rung bad("bad", "no fence", [](int) {});
    bad.on_device({"sim:0", Fence::host, nullptr, nullptr, nullptr});
    CHECK_THROWS_AS(r.run(w.ladder(), {bad}), std::logic_error);
    bad.on_device({"sim:0", Fence::transfers_excluded, [] {}, nullptr, nullptr});
    CHECK_THROWS_WITH(r.run(w.ladder(), {bad}), Catch::Contains("needs its upload and download"));
    bad.on_device({"", Fence::transfers_excluded, [] {}, nullptr, [] {}});
    CHECK_THROWS_WITH(r.run(w.ladder(), {bad}), Catch::Contains("host rung"));
  }
}

TEST_CASE("a host rung's staging stays outside its timed region, and its record says what it leaves out",
          "[ladder][device]") {
  // An MPI rung's shape on one process: `in` hands the input out to where the run works on it,
  // `out` brings the result back to where the check reads it.
  Copy w;
  std::vector<double> block;
  std::string log;
  const char* what = "the input handed out before, the result collected after";
  Rung staged("staged", "steps only", [&](int) {
    log += "run ";
    for (double& x : block) x += 0;  // the work, on the staged copy
  });
  staged.staged_by({[&] { log += "in ", block = w.b; }, [&] { log += "out ", w.a = block; }, what});
  const std::string path = temp_json("staged");
  Runner runner(once(path), fixed_clock_team(&log));
  std::vector<Record> recs = runner.run(w.ladder(), {staged});
  REQUIRE(recs.size() == 1);
  // The checked run with its staging (the check reads what `out` brought back), then two
  // timed runs: `in` and `out` outside the brackets of the clock.
  CHECK(log == "in run out in [ run ] out in [ run ] out ");
  CHECK(recs[0].validated);
  CHECK(recs[0].fence == Fence::staging_excluded);
  CHECK(recs[0].device.empty());
  REQUIRE(runner.finish(recs) == 0);
  const std::string json = slurp(path);
  CHECK(json.find("\"fence\": \"staging_excluded\"") != std::string::npos);
  CHECK(json.find(std::string("\"untimed\": \"") + what + "\"") != std::string::npos);

  SECTION("a staging that never brings the result back fails the check") {
    Rung lost("lost", "no out", [&](int) { block = w.b; });
    lost.staged_by({[] {}, nullptr, "nothing brought back"});
    Runner r(once(), fixed_clock_team());
    CHECK(r.run(w.ladder(), {lost}).empty());
    CHECK(r.failed == 1);
  }
  SECTION("a stub in the staging is the run's: counted missing, nothing after it runs") {
    std::string seen;
    Rung stub("stub", "its setup is a stub", [&](int) { seen += "run "; });
    stub.staged_by({[] { throw not_implemented("the grid (exercise 6)"); }, [&] { seen += "out "; }, what});
    Runner r(once(), fixed_clock_team());
    CHECK(r.run(w.ladder(), {stub}).empty());
    CHECK(r.missing == 1);
    CHECK(r.failed == 0);
    CHECK(seen.empty());
    Rung broken("broken", "its collection fails", [](int) {});
    broken.staged_by({nullptr, [] { throw std::runtime_error("the gather failed"); }, what});
    CHECK_THROWS_WITH(r.run(w.ladder(), {broken}), Catch::Contains("the gather failed"));
  }
  SECTION("a staging that does not say what it does, or one on an offload rung, is refused") {
    Runner r(once(), fixed_clock_team());
    Rung bad("bad", "unsaid", [](int) {});
    bad.staged_by({[] {}, [] {}, ""});
    CHECK_THROWS_WITH(r.run(w.ladder(), {bad}), Catch::Contains("says what it does"));
    bad.staged_by({[] {}, [] {}, what}).on_device({"sim:0", Fence::data_back, nullptr, nullptr, nullptr});
    CHECK_THROWS_WITH(r.run(w.ladder(), {bad}), Catch::Contains("not a staging"));
    Rung fenced("fenced", "a host fence on a device", [](int) {});
    fenced.on_device({"sim:0", Fence::staging_excluded, nullptr, nullptr, nullptr});
    CHECK_THROWS_WITH(r.run(w.ladder(), {fenced}), Catch::Contains("never as a host rung"));
  }
}

TEST_CASE("a rung declares the ranks it uses: the record and the efficiency count those", "[ladder][device]") {
  Copy w;
  Runner runner(once(), fixed_clock_team(nullptr, 3));
  std::vector<Record> recs = runner.run(w.ladder(), {Rung("root", "the root alone", [&](int) { w.run(); }).on_ranks(1),
                                                     Rung("all", "every rank", [&](int) { w.run(); })});
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].ranks == 1);
  CHECK(recs[1].ranks == 3);
  CHECK(recs[0].device.empty());
  CHECK(recs[0].fence == Fence::host);
  runner.speedup_table(recs, "root");
  CHECK(extra(recs[0], "efficiency") == Approx(1.0));
  CHECK(extra(recs[1], "efficiency") == Approx(1.0 / 3));  // the same time on 3 ranks
}

TEST_CASE("a matmul driver on a team of its own takes the one driver path with its hooks", "[ladder][driver]") {
  std::string order;  // which hooks ran, in order
  long kb = 0;
  MatmulDriver d;
  d.module = "test";
  d.program = "test";
  d.rectangular = false, d.threads_option = false;
  d.rungs = {{"seq", "the root alone", [](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_seq(A, B, C); },
              false, nullptr, 1},
             {"all", "every rank", [](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_seq(A, B, C); }}};
  d.options = [&](Cli& cli) { cli.option("kb", kb, "an option of its own", 1, 8); };
  d.prepare = [&](RunOptions&, long m, long k, long n) { order += "prepare:" + std::to_string(m * k * n) + " "; };
  d.params = [&] { return order += "params ", std::string(" kb=") + std::to_string(kb); };
  d.after_banner = [&] { order += "after_banner "; };
  d.describe = [&](Record& r) { order += "describe ", r.params.push_back({"kb", kb}); };
  const std::string path = temp_json("team_matmul");
  const std::vector<std::string> argv{"test", "--n", "6", "--kb", "3", "--reps", "1", "--min-time", "0", "--json", path};
  std::vector<const char*> args;
  for (const auto& a : argv) args.push_back(a.c_str());
  REQUIRE(run_matmul_driver(int(args.size()), args.data(), d, fixed_clock_team(nullptr, 2), true) == 0);
  CHECK(order == "prepare:216 params after_banner describe ");
  const std::string json = slurp(path);
  CHECK(json.find("\"variant\": \"seq\", \"n\": 6, \"kb\": 3, \"seed\": 42, \"threads\": 1, \"ranks\": 1,") !=
        std::string::npos);
  CHECK(json.find("\"variant\": \"all\", \"n\": 6, \"kb\": 3, \"seed\": 42, \"threads\": 1, \"ranks\": 2,") !=
        std::string::npos);
  CHECK(json.find("\"variant\": \"eigen\"") == std::string::npos);  // the references are one process's
  CHECK(json.find("\"pct_roof\"") == std::string::npos);            // a team's roof is not one node's
  CHECK(json.find("\"roof\": \"compute\"") != std::string::npos);   // its problem still names it
  // Its options are its own: neither --m (a square driver) nor --threads; the team's main reports the error.
  for (const char* bad : {"--m", "--threads"}) {
    args = {"test", bad, "4"};
    CHECK_THROWS_AS(run_matmul_driver(int(args.size()), args.data(), d, fixed_clock_team(), true), usage_error);
  }
}
