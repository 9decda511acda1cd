// Module 02: the kitchen of one asynchronous cook.
//
// A breakfast is a few I/O-bound steps (eggs, toast, coffee): the cook starts a
// step and then only waits for a timer. While the timers run, the cook can do
// hands-on work of their own: cleaning the sink, one dish at a time.
//
// Given here: the breakfast and its timeline, the synchronous cook (the baseline),
// a single-threaded event loop with a timer queue, and a coroutine Task type with
// `co_await loop.sleep(d)`. The exercises write the asynchronous cook three ways.
#pragma once
#include <chrono>
#include <coroutine>
#include <exception>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace parlab::async {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

// One I/O-bound step: the cook starts it, then a timer (the pan, the toaster) does the rest.
struct Step {
  std::string name;
  Millis duration;
};

struct Breakfast {
  std::vector<Step> steps;
  int dishes = 0;       // the sink: dishes to clean, hands-on work for the cook...
  Millis dish{0};       // ...each taking this long (the cook's own hands: no overlap with itself)
  Millis longest() const;
  Millis total() const;  // the synchronous time: every step and every dish, one after another
};

// The breakfast the driver cooks by default (test sizes are smaller).
Breakfast default_breakfast(Millis scale = Millis(100));

// Throws std::invalid_argument if a duration is negative or the breakfast is absurd
// (more than 1000 steps or dishes, a step longer than an hour).
void validate(const Breakfast& b);

// What happened when, and on which thread: "eggs: start", "eggs: done", "dish 3".
// Thread-safe (the futures cook logs from several threads).
class Timeline {
 public:
  struct Event {
    double t;             // seconds since the timeline was created
    std::string what;
    std::thread::id who;  // the thread that logged it
  };
  Timeline() : t0_(Clock::now()) {}
  void log(std::string what);
  std::vector<Event> events() const;  // a copy, in logging order
  double seconds() const;             // since creation
  // Index of the first event named `what`, or -1.
  int find(const std::string& what) const;

 private:
  Clock::time_point t0_;
  mutable std::mutex m_;
  std::vector<Event> ev_;
};

// The names every cook logs, so tests and the driver's chart read them alike.
inline std::string started(const Step& s) { return s.name + ": start"; }
inline std::string finished(const Step& s) { return s.name + ": done"; }
inline std::string dish_name(int i) { return "dish " + std::to_string(i); }

// Cleans dish i: hands-on work that keeps the cook (this thread) busy for b.dish.
void clean_dish(const Breakfast& b, int i, Timeline& tl);

// ---- the single-threaded event loop --------------------------------------------
// One thread runs every callback. post() queues work to run soon; call_after()
// queues it behind a timer. run() returns when no work and no timers are left.
// Not thread-safe: only code running on the loop (or before run()) may call it.
class EventLoop {
 public:
  void post(std::function<void()> fn);
  void call_after(Clock::duration d, std::function<void()> fn);
  void run();

  // co_await loop.sleep(d): suspend this coroutine; the loop resumes it after d.
  auto sleep(Clock::duration d) {
    struct Awaiter {
      EventLoop& loop;
      Clock::duration d;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> h) { loop.call_after(d, [h] { h.resume(); }); }
      void await_resume() const noexcept {}
    };
    return Awaiter{*this, d};
  }
  // co_await loop.yield(): let the other ready work run first, then continue.
  auto yield() { return sleep(Clock::duration::zero()); }

 private:
  struct Timer {
    Clock::time_point due;
    unsigned long seq;  // ties keep their order
    std::function<void()> fn;
    bool operator>(const Timer& o) const { return due != o.due ? due > o.due : seq > o.seq; }
  };
  std::vector<std::function<void()>> ready_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
  unsigned long seq_ = 0;
};

// A coroutine that starts at once and runs until its first co_await; the loop
// resumes it later. The Task owns the coroutine frame: keep it alive until the
// loop has run. get() rethrows what the coroutine threw.
class Task {
 public:
  struct promise_type {
    std::exception_ptr error;
    Task get_return_object() { return Task{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }  // keep the frame for get()
    void return_void() noexcept {}
    void unhandled_exception() noexcept { error = std::current_exception(); }
  };
  Task(Task&& o) noexcept : h_(std::exchange(o.h_, {})) {}
  Task& operator=(Task&&) = delete;
  ~Task() {
    if (h_) h_.destroy();
  }
  bool done() const { return h_ && h_.done(); }
  void get() const;  // throws std::logic_error if not done; rethrows the coroutine's exception

 private:
  explicit Task(std::coroutine_handle<promise_type> h) : h_(h) {}
  std::coroutine_handle<promise_type> h_;
};

// ---- the cooks -------------------------------------------------------------------
// Each cook makes the whole breakfast and cleans every dish, logging into tl.
// Given: the synchronous cook. Its time is the sum of everything.
void cook_sync(const Breakfast& b, Timeline& tl);
// Exercise 1 (cook_callbacks.cpp): callbacks on one EventLoop, one thread.
void cook_callbacks(const Breakfast& b, Timeline& tl);
// Exercise 2 (cook_futures.cpp): std::async + std::future; the steps wait on other threads.
void cook_futures(const Breakfast& b, Timeline& tl);
// Exercise 3 (cook_coroutines.cpp): C++20 coroutines on one EventLoop, one thread.
void cook_coroutines(const Breakfast& b, Timeline& tl);

// Empty if the timeline shows a whole breakfast: every step started and then done,
// every dish cleaned once. Else what is missing, for the driver and the tests.
std::string check_cooked(const Breakfast& b, const Timeline& tl);
// How many different threads logged events.
int threads_used(const Timeline& tl);

// Prints the timeline as a chart: one lane per step and one for the sink, time across.
void print_chart(std::ostream& os, const Breakfast& b, const Timeline& tl, int columns = 60);

}  // namespace parlab::async
