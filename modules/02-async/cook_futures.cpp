// Exercise 2 - the asynchronous cook, with std::async and std::future.
//
// Each step waits on its own thread (std::launch::async); the cook keeps a
// std::future per step, cleans the sink on the calling thread meanwhile, then
// collects every future with get(). get() waits, and rethrows what the step
// threw. This cook needs several threads: the waiting is not free here.
#include <future>

#include "kitchen.hpp"
#include "parlab/error.hpp"

namespace parlab::async {

void cook_futures(const Breakfast& b, Timeline& tl) {
  validate(b);
  // BEGIN SOLUTION
  std::vector<std::future<void>> pending;
  for (const Step& s : b.steps) {
    tl.log(started(s));
    // std::launch::async: a new thread now. The default policy may defer the
    // step until get(), which would make this cook synchronous again.
    pending.push_back(std::async(std::launch::async, [&tl, &s] {
      std::this_thread::sleep_for(s.duration);
      tl.log(finished(s));
    }));
  }
  for (int i = 0; i < b.dishes; ++i) clean_dish(b, i, tl);
  for (auto& f : pending) f.get();
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO: for every step s: tl.log(started(s)), then start
  // // std::async(std::launch::async, ...) with a lambda that sleeps s.duration and
  // // logs tl.log(finished(s)); keep the futures in a vector. Then clean every dish
  // // on this thread (clean_dish(b, i, tl)), and finally get() every future.
  // (void)tl;
  // throw not_implemented("cook_futures (modules/02-async/cook_futures.cpp)");
  // END STUDENT
}

}  // namespace parlab::async
