// Module 02: the knife experiment's scenarios compute the same results, and pinning works.
#include "support/catch.hpp"

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "knife.hpp"

using namespace parlab::async;

TEST_CASE("knife: every scenario gives the synchronous results", "[02][knife]") {
  KnifeConfig c;
  c.tasks = 3;
  c.io_wait = Millis(5);
  c.cpu_pixels = 300;
  for (Workload w : {Workload::cpu, Workload::io}) {
    const auto expect = run_scenario(w, Scenario::sync, c);
    REQUIRE(expect.size() == 3u);
    if (w == Workload::cpu) CHECK(expect[0] != expect[1]);  // tasks do different work
    for (Scenario s : {Scenario::async, Scenario::threads, Scenario::processes}) {
      INFO(name(w) << "/" << name(s));
      CHECK(run_scenario(w, s, c) == expect);
    }
  }
}

TEST_CASE("knife: the disk workload really writes, in every scenario, and says where it cannot", "[02][knife]") {
  KnifeConfig c;
  c.tasks = 3;
  c.disk_writes = 2;
  const auto expect = run_scenario(Workload::disk, Scenario::sync, c);
  CHECK(expect == std::vector<std::uint64_t>{0, 1, 2});
  for (Scenario s : {Scenario::async, Scenario::threads, Scenario::processes}) {
    INFO(name(s));
    CHECK(run_scenario(Workload::disk, s, c) == expect);
  }
  c.disk_dir = "/nonexistent-parlab-dir";
  CHECK_THROWS_WITH(run_scenario(Workload::disk, Scenario::sync, c), Catch::Contains("cannot create a temp file"));
}

TEST_CASE("knife: pinning to one CPU is seen by the process, and undone", "[02][knife]") {
  const auto all = allowed_cpus();
  REQUIRE_FALSE(all.empty());
  pin({all.back()});
  CHECK(allowed_cpus() == std::vector<int>{all.back()});
  KnifeConfig c;
  c.tasks = 2, c.cpu_pixels = 100;
  CHECK(run_scenario(Workload::cpu, Scenario::threads, c) == run_scenario(Workload::cpu, Scenario::sync, c));
  pin(all);
  CHECK(allowed_cpus() == all);
}

TEST_CASE("knife: task counts out of range are refused", "[02][knife]") {
  KnifeConfig c;
  for (int t : {0, -3, kMaxKnifeTasks + 1}) {
    c.tasks = t;
    CHECK_THROWS_WITH(run_scenario(Workload::io, Scenario::threads, c), Catch::Contains("tasks must be 1 to 256"));
  }
}
