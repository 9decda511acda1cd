// Exercise 3 - the asynchronous cook, with C++20 coroutines on the event loop.
//
// The same single thread as exercise 1, but the code reads top to bottom like the
// synchronous cook: `co_await loop.sleep(d)` suspends the step and hands the
// thread back to the loop, which resumes the step when its timer is due. The
// callbacks of exercise 1 are still there; the compiler writes them for you.
#include "kitchen.hpp"
#include "parlab/error.hpp"

namespace parlab::async {

// BEGIN SOLUTION
namespace {

Task cook_step(EventLoop& loop, const Step& s, Timeline& tl) {
  tl.log(started(s));
  co_await loop.sleep(s.duration);
  tl.log(finished(s));
}

Task clean_sink(EventLoop& loop, const Breakfast& b, Timeline& tl) {
  for (int i = 0; i < b.dishes; ++i) {
    clean_dish(b, i, tl);
    co_await loop.yield();  // let the timers that are due run between two dishes
  }
}

}  // namespace
// END SOLUTION

void cook_coroutines(const Breakfast& b, Timeline& tl) {
  validate(b);
  EventLoop loop;
  // BEGIN SOLUTION
  std::vector<Task> tasks;  // own the coroutine frames until the loop is done
  for (const Step& s : b.steps) tasks.push_back(cook_step(loop, s, tl));
  tasks.push_back(clean_sink(loop, b, tl));
  loop.run();
  for (const Task& t : tasks) t.get();
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the breakfast of exercise 1 again, on the same single thread, but
  // // written as coroutines that read top to bottom: one per step (start, wait for its
  // // duration, finish) and one that cleans the sink, letting the loop run between dishes.
  // // Constraint: the coroutines must not block the thread; the Task objects own the
  // // coroutine frames, so they must outlive loop.run(); an exception in a coroutine must
  // // reach the caller.
  // // Look up: co_await, EventLoop::sleep and EventLoop::yield (kitchen.hpp), Task::get.
  // // Think: what does the compiler turn each co_await into, compared with your callbacks
  // // of exercise 1? Where does a suspended step's local state live?
  // (void)tl;
  // throw not_implemented("cook_coroutines (modules/02-async/cook_coroutines.cpp)");
  // END STUDENT
}

}  // namespace parlab::async
