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
  // // TODO (goal): cook the breakfast on ONE thread with callbacks: every step starts at
  // // once (its start logged), its end is logged by a timer callback when its duration
  // // has passed, and the sink is cleaned dish by dish in between.
  // // Constraint: never block the thread (no sleep): a blocked loop fires no timers. The
  // // loop runs after this function's body, so whatever the callbacks use must live on.
  // // Look up: EventLoop::call_after and EventLoop::post (kitchen.hpp), Timeline::log.
  // // Think: why one dish per callback instead of all dishes in one? What would the
  // // timeline show if you cleaned every dish in a single callback?
  // (void)tl;
  // throw not_implemented("cook_callbacks (modules/02-async/cook_callbacks.cpp)");
  // END STUDENT
  loop.run();
}

}  // namespace parlab::async
