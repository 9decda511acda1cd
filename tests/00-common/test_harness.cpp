// The timing harness, reporting and CLI parser on known inputs.
#include "support/catch.hpp"
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <unistd.h>  // getpid

#include "parlab/cli.hpp"
#include "parlab/environment.hpp"
#include "parlab/error.hpp"
#include "parlab/main.hpp"
#include "parlab/memory.hpp"
#include "parlab/output.hpp"
#include "parlab/report.hpp"
#include "parlab/timing.hpp"

using namespace parlab;

TEST_CASE("summarize gives min, median, max, mean and stddev", "[harness]") {
  const Stats s = summarize({4.0, 1.0, 3.0, 2.0, 5.0});
  CHECK(s.reps == 5);
  CHECK(s.min == 1.0);
  CHECK(s.max == 5.0);
  CHECK(s.median == 3.0);
  CHECK(s.mean == Approx(3.0));
  CHECK(s.stddev == Approx(std::sqrt(2.5)));
  CHECK(summarize({1.0, 2.0, 10.0, 3.0}).median == Approx(2.5));  // even count: mean of the middle two
  CHECK(summarize({7.0}).stddev == 0.0);
  CHECK_THROWS_AS(summarize({}), std::invalid_argument);
}

TEST_CASE("measure honours warm-up, minimum reps and maximum reps", "[harness]") {
  int calls = 0;
  const Stats s = measure([&] { ++calls; }, {2, 5, 7, 0.0});
  CHECK(s.reps == 5);
  CHECK(calls == 7);  // 2 untimed + 5 timed
  calls = 0;
  const Stats capped = measure([&] { ++calls; }, {0, 1, 4, 1e9});  // time target never met
  CHECK(capped.reps == 4);
  CHECK(calls == 4);
}

TEST_CASE("measure reports wall-clock time, not CPU time", "[harness]") {
  const Stats s = measure([] { std::this_thread::sleep_for(std::chrono::milliseconds(20)); }, {0, 2, 2, 0.0});
  CHECK(s.min >= 0.019);  // a sleeping thread uses no CPU time; a CPU timer would say ~0
}

TEST_CASE("speedup, efficiency and Karp-Flatt", "[harness]") {
  CHECK(speedup(10.0, 4.0) == Approx(2.5));
  CHECK(efficiency(2.5, 4) == Approx(0.625));
  // Perfect speedup has no serial fraction; S = 1 on p workers is all serial.
  CHECK(karp_flatt(4.0, 4) == Approx(0.0).margin(1e-12));
  CHECK(karp_flatt(1.0, 4) == Approx(1.0));
  CHECK(karp_flatt(2.5, 4) == Approx(0.2));
  CHECK(std::isnan(karp_flatt(1.0, 1)));
}

TEST_CASE("peak_gflops is positive and counts at most the cores there are", "[harness]") {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  CHECK(peak_gflops(1) > 0.1);
  CHECK(peak_gflops(2) == Approx(peak_gflops(1) * std::min(2u, cores)));
  CHECK(peak_gflops(100000) == Approx(peak_gflops(1) * cores));  // more threads than cores add nothing
}

TEST_CASE("JSON report has the context and every record field", "[harness][json]") {
  JsonReport rep;
  Record r;
  r.module = "01-sequential";
  r.kernel = "matmul";
  r.variant = "na\"ive";
  r.set_size("n", 64);
  r.threads = 2;
  r.stats = summarize({0.5, 0.25, 1.0});
  r.rate = 1.5;
  r.rate_unit = "GFLOP/s";
  r.validated = true;
  r.extra.push_back({"speedup", 2.0});
  rep.add(r);
  rep.add_context("blas", "{\"vendor\": \"x\"}");  // a context entry the framework does not know
  // The context's date is the wall clock: mask it, so two serialisations a second apart compare equal.
  const auto masked = [](const std::string& json) {
    return std::regex_replace(json, std::regex(R"("date": "[^"]*")"), R"("date": "DATE")");
  };
  const std::string j = rep.to_string();
  CHECK(std::regex_search(j, std::regex(R"("date": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")")));
  for (const char* key : {"\"context\"", "\"host\"", "\"commit\"", "\"date\"", "\"compiler\"", "\"cpu\"", "\"records\"",
                          "\"module\": \"01-sequential\"", "\"kernel\": \"matmul\"", "\"variant\": \"na\\\"ive\"",
                          "\"n\": 64", "\"threads\": 2", "\"ranks\": 1", "\"reps\": 3", "\"min_s\": 0.25",
                          "\"median_s\": 0.5", "\"max_s\": 1", "\"rate\": 1.5", "\"rate_unit\": \"GFLOP/s\"",
                          "\"validated\": true", "\"speedup\": 2", "\"blas\": {\"vendor\": \"x\"}"})
    CHECK(j.find(key) != std::string::npos);
  // A per-process name: two test runs at once must not share the file.
  const auto path = std::filesystem::temp_directory_path() / ("parlab_test_report." + std::to_string(getpid()) + ".json");
  rep.write(path.string());
  std::ifstream in(path);
  std::stringstream back;
  back << in.rdbuf();
  in.close();
  std::filesystem::remove(path);
  CHECK(masked(back.str()) == masked(j));
  CHECK_THROWS_AS(rep.write("/dev/null/not-a-folder/x.json"), io_error);  // a result not saved: exit 5
}

TEST_CASE("json_escape escapes quotes, backslashes and control characters", "[harness][json]") {
  CHECK(json_escape("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  CHECK(json_escape(std::string(1, '\x01')) == "\\u0001");
}

TEST_CASE("Cli parses typed options, lists and flags", "[cli]") {
  long n = 5;
  double x = 0;
  std::vector<int> threads{1};
  std::vector<std::string> names;
  std::string out;
  bool verbose = false;
  Cli cli("prog", "test");
  cli.option("n", n, "size", 1, 100)
      .option("x", x, "x", 0.0, 1.0)
      .option("threads", threads, "threads", 1, 8)
      .option("variants", names, "rungs", {"a", "b"})
      .option("out", out, "folder")
      .flag("verbose", verbose, "talk");
  const char* argv[] = {"prog", "--n", "42", "--x=0.5", "--threads", "1,2,4", "--variants", "b,a", "--out", "d", "--verbose"};
  REQUIRE(cli.parse(11, argv));
  CHECK(n == 42);
  CHECK(x == 0.5);
  CHECK(threads == std::vector<int>{1, 2, 4});
  CHECK(names == std::vector<std::string>{"b", "a"});
  CHECK(out == "d");
  CHECK(verbose);
}

TEST_CASE("Cli rejects bad input with a message that names the option", "[cli]") {
  long n = 5;
  std::vector<int> threads{1};
  std::vector<std::string> names;
  Cli cli("prog", "test");
  cli.option("n", n, "size", 1, 100).option("threads", threads, "t", 1, 8).option("variants", names, "r", {"a"});
  auto fails = [&](std::vector<const char*> args, const std::string& needle) {
    args.insert(args.begin(), "prog");
    try {
      cli.parse(int(args.size()), args.data());
    } catch (const usage_error& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find(needle) != std::string::npos);
      return;
    }
    FAIL("no usage_error for " << needle);
  };
  fails({"--n", "0"}, "--n: 0 is out of range");
  fails({"--n", "-3"}, "out of range");
  fails({"--n", "abc"}, "not a whole number");
  fails({"--n", "12x"}, "not a whole number");
  fails({"--n", "99999999999999999999999"}, "out of range");
  fails({"--n"}, "needs a value");
  fails({"--bogus", "1"}, "unknown option '--bogus'");
  fails({"stray"}, "unexpected argument");
  fails({"--threads", "1,,2"}, "not a whole number");
  fails({"--threads", "0"}, "out of range");
  fails({"--variants", "zz"}, "unknown name 'zz'");
  fails({"--variants", ""}, "--variants: needs at least one name");  // empty is an error, not "all"
  fails({"--threads", ""}, "--threads: needs at least one value");
  fails({"--n", " 5"}, "not a whole number");
}

TEST_CASE("Cli takes each option and list value once, values never from the next option", "[cli]") {
  long n = 5;
  double x = 0;
  std::string out;
  bool flag = false;
  std::vector<int> threads{1};
  std::vector<std::string> names;
  Cli cli("prog", "test");
  cli.option("n", n, "size", 1, 100)
      .option("x", x, "x", 0.0, 100.0)
      .option("out", out, "file")
      .flag("flag", flag, "f")
      .option("threads", threads, "t", 1, 8)
      .option("variants", names, "r", {"a", "b"});
  auto fails = [&](std::vector<const char*> args, const std::string& needle) {
    args.insert(args.begin(), "prog");
    CHECK_THROWS_WITH(cli.parse(int(args.size()), args.data()), Catch::Contains(needle));
  };
  fails({"--out", "--flag"}, "--out needs a value, not the option '--flag'");  // not a file named --flag
  fails({"--n", "3", "--n", "4"}, "--n is given twice");
  fails({"--flag", "--flag"}, "--flag is given twice");
  fails({"--threads", "3,3"}, "--threads: 3 is listed twice");
  fails({"--variants", "a,a"}, "--variants: a is listed twice");
  fails({"--x", "0x10"}, "--x: '0x10' is not a number");  // decimal, as the whole numbers
  fails({"--x", " 1"}, "is not a number");
  const char* eq[] = {"prog", "--out=--odd", "--x", "1.5e1", "--n", "-0"};  // = takes any value
  CHECK_THROWS_WITH(cli.parse(6, eq), Catch::Contains("--n: 0 is out of range"));
  CHECK(out == "--odd");
  CHECK(x == 15);
}

TEST_CASE("records carry whole-number parameters as numbers, leave out n when there is none, and the environment",
          "[harness][json]") {
  ::setenv("OMP_THREAD_LIMIT", "3", 1);
  JsonReport rep;
  Record r;
  r.kernel = "render";
  r.set_size("width", 4), r.set_size("height", 2), r.set_size("frames", 1);
  r.params = {{"samples", 4}, {"depth", 5}};
  rep.add(r);
  const std::string j = rep.to_string();
  ::unsetenv("OMP_THREAD_LIMIT");
  CHECK(j.find("\"n\":") == std::string::npos);
  CHECK(j.find("\"samples\": 4, \"depth\": 5") != std::string::npos);
  CHECK(j.find("\"env\": {\"OMP_THREAD_LIMIT\": \"3\"}") != std::string::npos);
}

TEST_CASE("OMP_NUM_THREADS is a count or a usage error", "[cli]") {
  ::unsetenv("OMP_NUM_THREADS");
  CHECK(omp_num_threads_env(7) == 7);
  ::setenv("OMP_NUM_THREADS", "4,2", 1);
  CHECK(omp_num_threads_env(7) == 4);
  for (const char* bad : {"0", "abc", "", "-2"}) {
    ::setenv("OMP_NUM_THREADS", bad, 1);
    CHECK_THROWS_AS(omp_num_threads_env(7), usage_error);
    CHECK_THROWS_AS(default_thread_counts(), usage_error);
  }
  ::unsetenv("OMP_NUM_THREADS");
}

TEST_CASE("default thread counts: 1 and OMP_NUM_THREADS, else 1 and the cores", "[cli]") {
  ::setenv("OMP_NUM_THREADS", "3", 1);
  CHECK(default_thread_counts() == std::vector<int>{1, 3});
  ::setenv("OMP_NUM_THREADS", "4,2", 1);
  CHECK(default_thread_counts() == std::vector<int>{1, 4});
  ::setenv("OMP_NUM_THREADS", "1", 1);
  CHECK(default_thread_counts() == std::vector<int>{1});
  ::unsetenv("OMP_NUM_THREADS");
  const auto counts = default_thread_counts();
  CHECK(counts.front() == 1);
  CHECK(counts.back() == int(std::max(1u, std::thread::hardware_concurrency())));
}

TEST_CASE("Cli --help prints usage and asks the caller to stop", "[cli]") {
  long n = 5;
  Cli cli("prog", "about text");
  cli.option("n", n, "size", 1, 100);
  const char* argv[] = {"prog", "--help"};
  CHECK_FALSE(cli.parse(2, argv));
  const char* with_value[] = {"prog", "--help=1"};  // not "unknown option '--help'"
  CHECK_FALSE(cli.parse(2, with_value));
  CHECK(cli.help().find("--n N") != std::string::npos);
  CHECK(cli.help().find("about text") != std::string::npos);
}

TEST_CASE("require_memory and prepare_output_dir refuse what cannot work", "[cli]") {
  CHECK_NOTHROW(require_memory(1024, "small"));
  CHECK_THROWS_AS(require_memory(physical_memory_bytes(), "everything"), usage_error);
  CHECK_THROWS_WITH(prepare_output_dir("/dev/null/frames", "--out"), Catch::Contains("--out: cannot create"));
  const auto base = std::filesystem::temp_directory_path() / ("parlab_test_out_" + std::to_string(::getpid()));
  const auto dir = base / "nested";
  CHECK_NOTHROW(prepare_output_dir(dir.string()));
  CHECK(std::filesystem::is_directory(dir));
  // --json into a missing folder creates it, but not the file (an interrupted run must not
  // leave it empty), nor any probe; an unwritable path names --json.
  CHECK_NOTHROW(prepare_output_file((base / "new" / "r.json").string(), "--json"));
  CHECK(std::filesystem::is_directory(base / "new"));
  CHECK(std::filesystem::is_empty(base / "new"));
  CHECK_THROWS_WITH(prepare_output_file("/dev/null/x/r.json", "--json"), Catch::StartsWith("--json:"));
  CHECK_THROWS_WITH(prepare_output_file(base.string(), "--json"), Catch::Contains("is a folder"));
  std::filesystem::remove_all(base);
}

TEST_CASE("run_main maps errors to exit codes", "[cli]") {
  CHECK(exit_code(0, 0) == 0);
  CHECK(exit_code(1, 0) == 1);
  CHECK(exit_code(0, 2) == 3);
  CHECK(exit_code(1, 2) == 1);  // a failure outranks a missing exercise
  CHECK(run_main([] { return 0; }) == 0);
  CHECK(run_main([]() -> int { throw usage_error("bad"); }) == 2);
  CHECK(run_main([]() -> int { throw not_implemented("x"); }) == 3);
  CHECK(run_main([]() -> int { throw std::runtime_error("boom"); }) == 1);
  CHECK(run_main([]() -> int { throw io_error("disk full"); }) == 5);
  CHECK(kExitDeadlock == 4);
}
