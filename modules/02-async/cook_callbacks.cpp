// Exercise 1 - the asynchronous cook, with callbacks on a single-threaded event loop.
//
// One cook, one thread. Starting a step takes no time: the cook sets a timer
// (loop.call_after) whose callback logs that the step is done. Meanwhile the cook
// cleans the sink, one dish per callback: each dish posts the next one
// (loop.post), so that between two dishes the loop can run the timers that are
// due. Nothing runs in parallel; the waiting overlaps. Total ~ the longest step.
#include "kitchen.hpp"
#include "parlab/error.hpp"

namespace parlab::async {

void cook_callbacks(const Breakfast& b, Timeline& tl) {
  validate(b);
  EventLoop loop;
  // BEGIN SOLUTION
  for (const Step& s : b.steps) {
    tl.log(started(s));
    loop.call_after(s.duration, [&tl, &s] { tl.log(finished(s)); });
  }
  // A dish is hands-on work: it blocks the loop while it lasts. Posting the next
  // dish instead of looping hands control back to the loop after every dish.
  std::function<void(int)> clean = [&](int i) {
    if (i >= b.dishes) return;
    clean_dish(b, i, tl);
    loop.post([&clean, i] { clean(i + 1); });
  };
  loop.post([&clean] { clean(0); });
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO: for every step s of b.steps: tl.log(started(s)), then
  // // loop.call_after(s.duration, callback) where the callback does tl.log(finished(s)).
  // // Then post the sink: a callback that calls clean_dish(b, 0, tl) and posts the
  // // callback for dish 1, and so on up to b.dishes - 1 (one dish per callback, so
  // // the timers that are due run in between). Capture by reference: the loop runs
  // // below, while everything here is still alive.
  // (void)tl;
  // throw not_implemented("cook_callbacks (modules/02-async/cook_callbacks.cpp)");
  // END STUDENT
  loop.run();
}

}  // namespace parlab::async
