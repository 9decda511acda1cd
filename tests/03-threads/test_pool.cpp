// Module 03: the thread pool - results, exceptions through futures, shutdown rules.
#include "support/catch.hpp"
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "thread_pool.hpp"
#include "workers.hpp"

using namespace parlab::threads;

TEST_CASE("the pool runs every task and returns its result", "[03][pool]") {
  for (int t : {1, 2, 3, 7}) {
    ThreadPool pool(t);
    CHECK(pool.size() == t);
    std::vector<std::future<long>> results;
    for (long i = 0; i < 200; ++i) results.push_back(pool.submit([i] { return i * i; }));
    long sum = 0;
    for (auto& r : results) sum += r.get();
    CHECK(sum == 199L * 200 * 399 / 6);  // sum of squares 0..199
  }
}

TEST_CASE("an exception thrown in a task comes back through its future", "[03][pool]") {
  ThreadPool pool(2);
  auto bad = pool.submit([]() -> int { throw std::runtime_error("the oven is on fire"); });
  auto good = pool.submit([] { return 7; });
  CHECK_THROWS_WITH(bad.get(), "the oven is on fire");
  CHECK(good.get() == 7);  // the worker survived the exception
  CHECK(pool.submit([] { return 8; }).get() == 8);
}

TEST_CASE("submit after shutdown throws, and shutdown runs what was queued", "[03][pool]") {
  std::atomic<int> ran{0};
  ThreadPool pool(2);
  std::vector<std::future<void>> queued;
  for (int i = 0; i < 50; ++i)
    queued.push_back(pool.submit([&ran] {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
      ran.fetch_add(1);
    }));
  pool.shutdown();
  CHECK(ran.load() == 50);  // nothing queued was dropped
  CHECK_THROWS_WITH(pool.submit([] { return 1; }), Catch::Contains("submit after shutdown"));
  CHECK_THROWS_AS(pool.submit([] {}), std::runtime_error);
  pool.shutdown();  // idempotent; the destructor calls it once more
}

TEST_CASE("the destructor finishes queued tasks before the pool goes", "[03][pool]") {
  std::atomic<int> ran{0};
  {
    ThreadPool pool(3);
    for (int i = 0; i < 30; ++i) pool.submit([&ran] { ran.fetch_add(1); });
  }
  CHECK(ran.load() == 30);
}

TEST_CASE("the pool spreads tasks over its threads", "[03][pool]") {
  ThreadPool pool(2);
  // Two tasks that each wait for the other to start can only finish if they run on
  // two different workers at the same time (bounded wait, so a bug fails, not hangs).
  std::atomic<int> started{0};
  auto meet = [&started] {
    started.fetch_add(1);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (started.load() < 2 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    return started.load() >= 2 ? std::this_thread::get_id() : std::thread::id{};
  };
  auto a = pool.submit(meet), b = pool.submit(meet);
  const auto ida = a.get(), idb = b.get();
  CHECK(ida != std::thread::id{});
  CHECK(idb != std::thread::id{});
  CHECK(ida != idb);
}

TEST_CASE("the pool takes tasks from many threads at once, and from its own tasks", "[03][pool]") {
  ThreadPool pool(3);
  std::atomic<long> ran{0};
  std::vector<std::future<void>> inner(4 * 250);
  std::vector<std::thread> producers;
  for (int t = 0; t < 4; ++t)
    producers.emplace_back([&, t] {
      for (int i = 0; i < 250; ++i)
        // Each task submits one more task: push() must not hold the lock while a job runs.
        inner[t * 250 + i] = pool.submit([&] { return pool.submit([&ran] { ran.fetch_add(1); }); }).get();
    });
  for (auto& p : producers) p.join();
  for (auto& f : inner) f.get();
  CHECK(ran.load() == 1000);
}

TEST_CASE("an idle pool shuts down at once (workers sleep, they do not miss the wake-up)", "[03][pool]") {
  for (int t : {1, 2, 5}) {
    ThreadPool pool(t);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // let every worker reach its wait
    pool.shutdown();                                           // a lost notify_all would hang here (ctest timeout)
    CHECK_THROWS_AS(pool.submit([] {}), std::runtime_error);
  }
}

TEST_CASE("the pool refuses bad thread counts", "[03][pool][bad-input]") {
  CHECK_THROWS_WITH(ThreadPool(0), Catch::Contains("is not a valid thread count"));
  CHECK_THROWS_WITH(ThreadPool(-4), Catch::Contains("is not a valid thread count"));
  CHECK_THROWS_WITH(ThreadPool(kMaxThreads + 1), Catch::Contains("more than the limit"));
}
