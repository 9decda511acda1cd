// Module 02, exercises 1-3: the asynchronous cooks, the event loop and the Task type.
#include "support/catch.hpp"

#include <algorithm>
#include <stdexcept>

#include "kitchen.hpp"

using namespace parlab::async;

namespace {

// Short steps: the tests check order and threads, never speed.
Breakfast small_breakfast() {
  // A step can only be done before the last one starts if this thread stalls for
  // longer than a step (60 ms and more here): generous, not a timing assertion.
  return Breakfast{{{"eggs", Millis(80)}, {"toast", Millis(60)}, {"coffee", Millis(40)}}, 4, Millis(2)};
}

int index_of(const Timeline& tl, const std::string& what) {
  const int i = tl.find(what);
  INFO("event '" << what << "'");
  REQUIRE(i >= 0);
  return i;
}

// Every step started before any step was done: the waiting overlapped.
void require_all_started_before_any_done(const Breakfast& b, const Timeline& tl) {
  int last_start = -1, first_done = 1 << 30;
  for (const auto& s : b.steps) {
    last_start = std::max(last_start, index_of(tl, started(s)));
    first_done = std::min(first_done, index_of(tl, finished(s)));
  }
  CHECK(last_start < first_done);
}

// The cook cleaned a dish while the steps were cooking, not only afterwards.
void require_sink_during_cooking(const Breakfast& b, const Timeline& tl) {
  int last_done = -1;
  for (const auto& s : b.steps) last_done = std::max(last_done, index_of(tl, finished(s)));
  CHECK(index_of(tl, dish_name(0)) < last_done);
}

// The single-threaded asynchronous cooks (exercises 1 and 3).
void check_single_thread_cook(void (*cook)(const Breakfast&, Timeline&)) {
  const Breakfast b = small_breakfast();
  Timeline tl;
  cook(b, tl);
  REQUIRE(check_cooked(b, tl) == "");
  require_all_started_before_any_done(b, tl);
  require_sink_during_cooking(b, tl);
  CHECK(threads_used(tl) == 1);
  CHECK(tl.events().front().who == std::this_thread::get_id());
}

}  // namespace

TEST_CASE("the synchronous cook does one thing after another", "[02][breakfast]") {
  const Breakfast b = small_breakfast();
  Timeline tl;
  cook_sync(b, tl);
  CHECK(check_cooked(b, tl) == "");
  for (std::size_t i = 0; i + 1 < b.steps.size(); ++i)
    CHECK(index_of(tl, finished(b.steps[i])) < index_of(tl, started(b.steps[i + 1])));
  CHECK(threads_used(tl) == 1);
}

TEST_CASE("callbacks cook: one thread, waits overlap, sink cleaned meanwhile", "[02][breakfast]") {
  check_single_thread_cook(cook_callbacks);
}

TEST_CASE("coroutines cook: one thread, waits overlap, sink cleaned meanwhile", "[02][breakfast]") {
  check_single_thread_cook(cook_coroutines);
}

TEST_CASE("futures cook: steps wait on other threads, the cook cleans meanwhile", "[02][breakfast]") {
  const Breakfast b = small_breakfast();
  Timeline tl;
  cook_futures(b, tl);
  REQUIRE(check_cooked(b, tl) == "");
  require_all_started_before_any_done(b, tl);
  const auto ev = tl.events();
  for (const auto& e : ev) {
    INFO(e.what);
    const bool done = e.what.find(": done") != std::string::npos;
    CHECK((e.who == std::this_thread::get_id()) == !done);  // only the step threads see "done"
  }
}

TEST_CASE("every cook copes with an empty sink, no steps and zero durations", "[02][breakfast]") {
  for (Breakfast b : {Breakfast{{{"eggs", Millis(5)}}, 0, Millis(0)}, Breakfast{{}, 3, Millis(0)},
                      Breakfast{{{"a", Millis(0)}, {"b", Millis(0)}}, 2, Millis(0)}}) {
    for (auto cook : {cook_sync, cook_callbacks, cook_futures, cook_coroutines}) {
      Timeline tl;
      cook(b, tl);
      CHECK(check_cooked(b, tl) == "");
    }
  }
}

TEST_CASE("the cooks refuse a breakfast with negative or absurd durations", "[02][breakfast]") {
  const Breakfast negative{{{"eggs", Millis(-1)}}, 0, Millis(0)};
  const Breakfast absurd{{}, 5000, Millis(1)};
  for (auto cook : {cook_sync, cook_callbacks, cook_futures, cook_coroutines}) {
    Timeline tl;
    CHECK_THROWS_AS(cook(negative, tl), std::invalid_argument);
    CHECK_THROWS_WITH(cook(absurd, tl), Catch::Contains("dishes"));
  }
}

TEST_CASE("check_cooked notices what is missing", "[02][breakfast]") {
  const Breakfast b = small_breakfast();
  Timeline tl;
  tl.log(started(b.steps[0]));
  CHECK_THAT(check_cooked(b, tl), Catch::Contains("eggs: done"));
}

TEST_CASE("event loop: posted work in order, timers by due time, ties in order", "[02][loop]") {
  EventLoop loop;
  std::vector<std::string> order;
  loop.call_after(Millis(20), [&] { order.push_back("t20"); });
  loop.call_after(Millis(5), [&] { order.push_back("t5a"); });
  loop.call_after(Millis(5), [&] { order.push_back("t5b"); });
  loop.post([&] {
    order.push_back("p1");
    loop.post([&] { order.push_back("p3"); });  // posted from a callback: runs later
  });
  loop.post([&] { order.push_back("p2"); });
  loop.run();
  CHECK(order == std::vector<std::string>{"p1", "p2", "p3", "t5a", "t5b", "t20"});
  loop.run();  // nothing left: returns at once
}

TEST_CASE("event loop: an exception from a callback leaves run()", "[02][loop]") {
  EventLoop loop;
  loop.post([] { throw std::runtime_error("burnt toast"); });
  CHECK_THROWS_WITH(loop.run(), "burnt toast");
}

namespace {
Task step_that_fails(EventLoop& loop) {
  co_await loop.sleep(Millis(1));
  throw std::runtime_error("the eggs fell");
}
Task two_sleeps(EventLoop& loop, std::vector<int>& log) {
  log.push_back(1);
  co_await loop.sleep(Millis(2));
  log.push_back(2);
  co_await loop.yield();
  log.push_back(3);
}
}  // namespace

TEST_CASE("Task: runs to the first co_await, finishes on the loop, rethrows", "[02][loop]") {
  EventLoop loop;
  std::vector<int> log;
  Task t = two_sleeps(loop, log);
  CHECK(log == std::vector<int>{1});  // started eagerly, suspended at the first co_await
  CHECK_FALSE(t.done());
  CHECK_THROWS_AS(t.get(), std::logic_error);
  Task bad = step_that_fails(loop);
  loop.run();
  CHECK(log == std::vector<int>{1, 2, 3});
  CHECK(t.done());
  t.get();
  CHECK_THROWS_WITH(bad.get(), "the eggs fell");
}
