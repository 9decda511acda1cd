// Module 02, exercise 4: the task-graph executor.
#include "support/catch.hpp"

#include <atomic>
#include <mutex>
#include <random>
#include <stdexcept>

#include "rendezvous.hpp"
#include "taskgraph.hpp"

using namespace parlab::async;

namespace {

std::string numbered(char prefix, std::size_t i) { return std::string(1, prefix).append(std::to_string(i)); }

// Records when each task started and finished (as positions in one global order)
// and the most tasks that ran at once.
struct Recorder {
  std::mutex m;
  int clock = 0, running = 0, max_running = 0;
  std::vector<int> start, finish, runs;
  explicit Recorder(std::size_t n) : start(n, -1), finish(n, -1), runs(n, 0) {}
  std::function<void()> task(std::size_t i, std::function<void()> body = {}) {
    return [this, i, body] {
      {
        std::lock_guard lock(m);
        start[i] = clock++;
        ++runs[i];
        max_running = std::max(max_running, ++running);
      }
      if (body) body();
      std::lock_guard lock(m);
      --running;
      finish[i] = clock++;
    };
  }
};

void require_dependency_order(const TaskGraph& g, const Recorder& r) {
  for (std::size_t t = 0; t < g.size(); ++t) {
    INFO("task " << g.name(t));
    CHECK(r.runs[t] == 1);
    for (auto d : g.deps(t)) CHECK(r.finish[d] < r.start[t]);
  }
}

}  // namespace

TEST_CASE("task graph: every task once, after its dependencies (1, 2 and 4 workers)", "[02][taskgraph]") {
  for (int workers : {1, 2, 4}) {
    // A random DAG: edges only from later to earlier tasks, so no cycles.
    std::mt19937 rng(1234 + workers);
    const std::size_t n = 60;
    Recorder rec(n);
    TaskGraph g;
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<TaskGraph::Id> deps;
      for (std::size_t j = 0; j < i; ++j)
        if (rng() % 8 == 0) deps.push_back(j);
      g.add(numbered('t', i), rec.task(i), deps);
    }
    INFO("workers = " << workers);
    run_graph(g, workers);
    require_dependency_order(g, rec);
    if (workers == 1) CHECK(rec.max_running == 1);
  }
}

TEST_CASE("task graph: a diamond, and a dependency added later", "[02][taskgraph]") {
  Recorder rec(4);
  TaskGraph g;
  auto a = g.add("a", rec.task(0));
  auto b = g.add("b", rec.task(1), {a});
  auto c = g.add("c", rec.task(2), {a});
  auto d = g.add("d", rec.task(3), {b});
  g.depend(d, c);
  run_graph(g, 3);
  require_dependency_order(g, rec);
  CHECK(rec.finish[c] < rec.start[d]);
}

TEST_CASE("task graph: independent tasks run at the same time on 2 workers", "[02][taskgraph]") {
  Rendezvous both(2);
  std::atomic<int> met{0};
  TaskGraph g;
  g.add("left", [&] { met += both.arrive_and_wait(); });
  g.add("right", [&] { met += both.arrive_and_wait(); });
  run_graph(g, 2);
  CHECK(met == 2);  // each saw the other while it was running
}

TEST_CASE("task graph: 4 workers keep 4 independent tasks in flight", "[02][taskgraph]") {
  Rendezvous all(4);
  Recorder rec(5);
  TaskGraph g;
  std::vector<TaskGraph::Id> wide;
  for (std::size_t i = 0; i < 4; ++i) wide.push_back(g.add(numbered('w', i), rec.task(i, [&] { all.arrive_and_wait(); })));
  g.add("join", rec.task(4), wide);
  run_graph(g, 4);
  CHECK(rec.max_running == 4);
  require_dependency_order(g, rec);
}

TEST_CASE("task graph: a chain never overlaps, whatever the workers", "[02][taskgraph]") {
  Recorder rec(6);
  TaskGraph g;
  for (std::size_t i = 0; i < 6; ++i) g.add(numbered('c', i), rec.task(i), i ? std::vector<TaskGraph::Id>{i - 1} : std::vector<TaskGraph::Id>{});
  run_graph(g, 4);
  CHECK(rec.max_running == 1);
  require_dependency_order(g, rec);
}

TEST_CASE("task graph: an exception reaches the caller and stops what depends on it", "[02][taskgraph]") {
  for (int workers : {1, 3}) {
    Recorder rec(4);
    TaskGraph g;
    auto ok = g.add("ok", rec.task(0));
    auto bad = g.add("bad", [] { throw std::runtime_error("the pan caught fire"); }, {ok});
    g.add("after", rec.task(2), {bad});
    g.add("after too", rec.task(3), {bad, ok});
    INFO("workers = " << workers);
    CHECK_THROWS_WITH(run_graph(g, workers), "the pan caught fire");
    CHECK(rec.runs[0] == 1);
    CHECK(rec.runs[2] == 0);
    CHECK(rec.runs[3] == 0);
  }
}

TEST_CASE("task graph: cycles are rejected before anything runs", "[02][taskgraph]") {
  // a <- b <- c, then a also needs c: a -> c -> b -> a. "free" could run, but must not.
  Recorder rec(4);
  TaskGraph g;
  for (char name : {'a', 'b', 'c'}) {
    const auto id = static_cast<TaskGraph::Id>(name - 'a');
    g.add(std::string(1, name), rec.task(id), id ? std::vector<TaskGraph::Id>{id - 1} : std::vector<TaskGraph::Id>{});
  }
  g.add("free", rec.task(3));
  g.depend(0, 2);
  CHECK_THROWS_WITH(run_graph(g, 2), Catch::Contains("cycle") && Catch::Contains("a -> c -> b -> a"));
  for (int n : rec.runs) CHECK(n == 0);

  TaskGraph self;
  auto s = self.add("selfish", [] {});
  self.depend(s, s);
  CHECK_THROWS_WITH(run_graph(self, 1), Catch::Contains("cycle: selfish -> selfish"));
}

TEST_CASE("task graph: bad worker counts and unknown dependencies", "[02][taskgraph]") {
  bool ran = false;
  TaskGraph g;
  g.add("t", [&] { ran = true; });
  for (int w : {0, -1, kMaxWorkers + 1, 1'000'000})
    CHECK_THROWS_WITH(run_graph(g, w), Catch::Contains("workers must be 1 to 256"));
  CHECK_FALSE(ran);
  CHECK_THROWS_WITH(g.add("x", [] {}, {7}), Catch::Contains("unknown task #7"));
  CHECK_THROWS_AS(g.depend(0, 9), std::invalid_argument);
  CHECK_THROWS_AS(g.add("", [] {}), std::invalid_argument);
  TaskGraph empty;
  run_graph(empty, 3);  // nothing to do: returns
}
