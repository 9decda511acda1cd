// The ladder framework validates each rung's own work: a rung that skips work fails in
// every position of the ladder - first, after a correct rung, after a correct thread
// count - for the matmul runner and the render runner (the MPI ladder: tests/05-mpi).
#include "support/catch.hpp"
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "parlab/calibrate.hpp"
#include "parlab/driver.hpp"
#include "parlab/matmul.hpp"
#include "parlab/output.hpp"

using namespace parlab;

namespace {

int run_with(int (*runner)(int, const char* const*, const void*), const void* d, std::vector<const char*> args) {
  args.insert(args.begin(), "test");
  return runner(int(args.size()), args.data(), d);
}

int matmul(int argc, const char* const* argv, const void* d) {
  return run_matmul_driver(argc, argv, *static_cast<const MatmulDriver*>(d));
}
int render(int argc, const char* const* argv, const void* d) {
  return run_render_driver(argc, argv, *static_cast<const RenderDriver*>(d));
}

// A small render driver whose first rung is right; a case adds the broken one after it.
RenderDriver render_driver_with_good_rung(bool threaded) {
  RenderDriver d;
  d.module = "test";
  d.program = "test";
  d.defaults = RenderSettings{24, 13, 2, 1, 2};
  d.rungs = {{"good", "correct", [](const Animation& a, std::vector<Image>& f, int) {
                for (int k = 0; k < a.frames(); ++k) render_frame_seq(a, k, f[k]);
              }, threaded}};
  return d;
}

// Every run of the ladder in the positions that once hid a skipped rung.
void expect_caught(int (*runner)(int, const char* const*, const void*), const void* d,
                   std::vector<const char*> size) {
  auto with = [&](std::vector<const char*> more) {
    for (auto* s : size) more.push_back(s);
    more.insert(more.end(), {"--reps", "1", "--min-time", "0"});
    return run_with(runner, d, more);
  };
  // The control: the correct rungs pass, so a failure below is the broken rung's.
  CHECK(with({"--variants", "good", "--threads", "1,3"}) == 0);
  CHECK(with({"--variants", "lazy", "--threads", "1"}) == 0);  // right on one thread
  SECTION("first") { CHECK(with({"--variants", "lazy", "--threads", "3"}) == 1); }
  SECTION("after a correct rung") { CHECK(with({"--variants", "good,lazy", "--threads", "3"}) == 1); }
  SECTION("after a correct thread count") { CHECK(with({"--variants", "lazy", "--threads", "1,3"}) == 1); }
  SECTION("after a correct rung and thread count") {
    CHECK(with({"--variants", "good,lazy", "--threads", "1,3"}) == 1);
  }
}

}  // namespace

TEST_CASE("the matmul runner catches a rung that skips work in every position", "[ladder]") {
  MatmulDriver d;
  d.module = "test";
  d.program = "test";
  d.rungs = {
      {"good", "correct", [](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_seq(A, B, C); }, true},
      // Right on one thread; with more it leaves the last row of C alone.
      {"lazy", "skips the last row when threaded",
       [](const Matrix& A, const Matrix& B, Matrix& C, int t) { matmul_rows(A, B, C, 0, C.rows() - (t > 1)); },
       true},
  };
  expect_caught(matmul, &d, {"--n", "31"});
}

TEST_CASE("the render runner catches a rung that skips work in every position", "[ladder]") {
  RenderDriver d = render_driver_with_good_rung(true);
  d.rungs.insert(d.rungs.end(), std::initializer_list<RenderRung>{
      // Right on one thread; with more it skips the last row of the last frame.
      {"lazy", "skips a row when threaded", [](const Animation& a, std::vector<Image>& f, int t) {
         for (int k = 0; k < a.frames(); ++k)
           render_rows(a, k, f[k], 0, a.height() - (t > 1 && k == a.frames() - 1));
       }, true},
  });
  expect_caught(render, &d, {});
}

// Every timed run, not only the checked one: fresh inputs, a poisoned output, a check after.
TEST_CASE("a matmul rung that reuses an earlier run's product fails its timed runs", "[ladder]") {
  static std::vector<double> seen;  // A(0, 0) of every call: the inputs each run got
  seen.clear();
  MatmulDriver d;
  d.module = "test";
  d.program = "test";
  d.rungs = {
      {"good", "correct, and notes its inputs",
       [](const Matrix& A, const Matrix& B, Matrix& C, int) { seen.push_back(A(0, 0)); matmul_seq(A, B, C); }},
      {"first", "computes on its first call only",
       [](const Matrix& A, const Matrix& B, Matrix& C, int) {
         static bool done = false;
         if (!std::exchange(done, true)) matmul_seq(A, B, C);
       }},
      {"nan", "computes only when C holds the checked run's poison (NaN)",
       [](const Matrix& A, const Matrix& B, Matrix& C, int) {
         if (std::isnan(C(0, 0))) matmul_seq(A, B, C);
       }},
  };
  auto run = [&](const char* variant, std::vector<const char*> more) {
    more.insert(more.begin(), {"--n", "24", "--variants", variant, "--reps", "3", "--min-time", "0"});
    return run_with(matmul, &d, more);
  };
  CHECK(run("good", {}) == 0);
  REQUIRE(seen.size() == 4);  // the checked run, then 3 timed runs: each on inputs of its own
  std::sort(seen.begin(), seen.end());
  CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
  CHECK(run("good", {"--interleave"}) == 0);
  CHECK(run("first", {}) == 1);
  CHECK(run("nan", {"--interleave"}) == 1);
  // The timed run that failed leaves its record, not validated, saying why.
  const auto json = std::filesystem::temp_directory_path() / ("parlab_fresh." + std::to_string(::getpid()) + ".json");
  const std::string path = json.string();
  CHECK(run("good,nan", {"--interleave", "--json", path.c_str()}) == 1);
  std::ifstream in(json);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(json);
  const auto nan = text.find("\"variant\": \"nan\"");
  REQUIRE(nan != std::string::npos);
  CHECK(text.find("\"validated\": false", nan) != std::string::npos);
  CHECK(text.find("\"failed\": \"timed run 1 (each is checked on its own", nan) != std::string::npos);
  CHECK(text.find("(C x)(", nan) != std::string::npos);
  CHECK(text.find("\"validated\": true") < nan);  // good
  CHECK(text.find("\"cores_used\": ") != std::string::npos);
}

TEST_CASE("a render rung that copies an earlier run's frames fails its timed runs", "[ladder]") {
  RenderDriver d = render_driver_with_good_rung(false);
  d.rungs.insert(d.rungs.end(), std::initializer_list<RenderRung>{
      {"copy", "renders once, then copies those frames", [](const Animation& a, std::vector<Image>& f, int) {
         static std::vector<Image> first;
         if (first.empty()) {
           for (int k = 0; k < a.frames(); ++k) render_frame_seq(a, k, f[k]);
           first = f;
         }
         f = first;
       }},
  });
  auto run = [&](const char* variant, const char* interleave) {
    return run_with(render, &d, {"--variants", variant, "--reps", "2", "--min-time", "0", interleave});
  };
  CHECK(run("good", "--interleave") == 0);
  CHECK(run("good", "--threads=1") == 0);
  CHECK(run("copy", "--threads=1") == 1);
}

TEST_CASE("the runners share the options: empty lists and unwritable --json are usage errors", "[ladder]") {
  MatmulDriver d;
  d.module = "test";
  d.program = "test";
  d.rungs = {{"good", "correct", [](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_seq(A, B, C); }}};
  CHECK(run_with(matmul, &d, {"--variants", ""}) == 2);
  CHECK(run_with(matmul, &d, {"--n", "4", "--json", "/dev/null/x/r.json"}) == 2);
  CHECK(run_with(matmul, &d, {"--help=1"}) == 0);
}

TEST_CASE("interleaved timing checks every rung first, then times them in alternating rounds", "[ladder]") {
  static std::string calls;  // the order the rungs ran in
  calls.clear();
  MatmulDriver d;
  d.module = "test";
  d.program = "test";
  d.rungs = {
      {"a", "correct", [](const Matrix& A, const Matrix& B, Matrix& C, int) { calls += 'a'; matmul_seq(A, B, C); }},
      {"b", "correct", [](const Matrix& A, const Matrix& B, Matrix& C, int) { calls += 'b'; matmul_seq(A, B, C); }},
  };
  const auto json = std::filesystem::temp_directory_path() / ("parlab_interleave." + std::to_string(::getpid()) + ".json");
  const std::string path = json.string();
  REQUIRE(run_with(matmul, &d, {"--n", "16", "--variants", "a,b", "--reps", "3", "--interleave", "--json", path.c_str()}) == 0);
  CHECK(calls == "ab" "ababab");  // the checked runs, then 3 rounds of one run each
  std::ifstream in(json);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(json);
  CHECK(text.find("\"timing\": \"interleaved\"") != std::string::npos);
  std::size_t rounds = 0;  // each record's times, in round order
  for (auto at = text.find("\"times_s\": ["); at != std::string::npos; at = text.find("\"times_s\": [", at + 1)) {
    const auto body = text.substr(at, text.find(']', at) - at);
    CHECK(std::count(body.begin(), body.end(), ',') == 2);
    ++rounds;
  }
  CHECK(rounds == 2);
  // The checks are the same: a rung that skips work still fails.
  d.rungs.push_back({"lazy", "skips the last row",
                     [](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_rows(A, B, C, 0, C.rows() - 1); }});
  CHECK(run_with(matmul, &d, {"--n", "16", "--variants", "a,lazy", "--reps", "2", "--interleave"}) == 1);
}

TEST_CASE("calibration times an ideal parallel loop in the same rounds, in the JSON only", "[ladder]") {
  MatmulDriver d;
  d.module = "test";
  d.program = "test";
  d.rungs = {{"a", "correct", [](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_seq(A, B, C); }}};
  const auto json = std::filesystem::temp_directory_path() / ("parlab_calibrate." + std::to_string(::getpid()) + ".json");
  const std::string path = json.string();
  REQUIRE(run_with(matmul, &d, {"--n", "16", "--threads", "1,2", "--reps", "3", "--interleave", "--calibrate",
                                "--json", path.c_str()}) == 0);
  std::ifstream in(json);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(json);
  // a x1, then the calibration: one worker, and every worker at each thread count
  const auto one = text.find("\"variant\": \"calibrate/one\"");
  const auto all = text.find("\"variant\": \"calibrate/all\"");
  REQUIRE(one != std::string::npos);
  REQUIRE(all != std::string::npos);
  CHECK(text.find("\"variant\": \"calibrate/all\"", all + 1) != std::string::npos);
  CHECK(text.find("\"variant\": \"a\"") < one);
  std::size_t rounds = 0;  // every record timed in the same 3 rounds
  for (auto at = text.find("\"times_s\": ["); at != std::string::npos; at = text.find("\"times_s\": [", at + 1)) {
    const auto body = text.substr(at, text.find(']', at) - at);
    CHECK(std::count(body.begin(), body.end(), ',') == 2);
    ++rounds;
  }
  CHECK(rounds >= 4);  // a x1 (and the reference rungs), calibrate/one, calibrate/all x1 and x2
  // The loop does its work: the same result every time, and the split changes it.
  CHECK(ideal_loop(1000, 1) == ideal_loop(1000, 1));
  CHECK(ideal_loop(1000, 1) != 0);
  CHECK(ideal_loop(1000, 2) != ideal_loop(1000, 1));
  CHECK(fma_chains_flops(1000) > 0);
}

TEST_CASE("a record states what ran: the team's threads, the seed, the asked count when it differs", "[ladder][records]") {
  MatmulDriver d;
  d.module = "test";
  d.program = "test";
  d.rungs = {{"seq", "correct", [](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_seq(A, B, C); }},
             {"capped", "a team of at most 2", [](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_seq(A, B, C); },
              true, [](int t) { return std::min(t, 2); }}};
  const auto json = std::filesystem::temp_directory_path() / ("parlab_records." + std::to_string(::getpid()) + ".json");
  const std::string path = json.string();
  REQUIRE(run_with(matmul, &d, {"--n", "8", "--seed", "7", "--threads", "1,5", "--reps", "1", "--min-time", "0",
                                "--variants", "seq,capped", "--json", path.c_str()}) == 0);
  std::ifstream in(json);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(json);
  CHECK(text.find("\"seed\": 7") != std::string::npos);
  CHECK(text.find("\"n\": 8, \"seed\": 7, \"threads_requested\": 5, \"threads\": 2, ") != std::string::npos);
  CHECK(text.find("\"threads_requested\": 5") != std::string::npos);
  CHECK(text.find("\"threads\": 5") == std::string::npos);
  CHECK(text.find("\"env\": {") != std::string::npos);
  // The problem: its sizes, its work (2 n^3 flops, A, B and C once each), the compute roof.
  CHECK(text.find("\"sizes\": {\"n\": 8}, \"flops\": 1024, \"bytes\": 1536, \"intensity\": 0.666666667, "
                  "\"roof\": \"compute\", \"fence\": \"host\"") != std::string::npos);
  CHECK(text.find("\"pct_roof\": ") != std::string::npos);
  CHECK(text.find("\"pct_peak\": ") != std::string::npos);
}

TEST_CASE("a path given to both --json and --out is refused before anything is created", "[ladder][records]") {
  RenderDriver d = render_driver_with_good_rung(false);
  const auto dir = std::filesystem::temp_directory_path() / ("parlab_apart_" + std::to_string(::getpid()));
  const std::string same = (dir / "a.json").string();
  CHECK(run_with(render, &d, {"--json", same.c_str(), "--out", same.c_str()}) == 2);
  CHECK_FALSE(std::filesystem::exists(dir));
  CHECK_THROWS_WITH(check_apart("d/./a", "--json", "d/a", "--out"), Catch::Contains("the same path"));
  CHECK_NOTHROW(check_apart("d/a.json", "--json", "d/a", "--out"));
}
