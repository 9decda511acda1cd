// Exercise 7: map/reduce on tasks - the animation's colour histogram.
#include <deque>
#include <future>
#include <string>

#include "histogram.hpp"
#include "parlab/error.hpp"

namespace parlab::async {

Histogram histogram_async(int frames, const MapFrame& map, int tasks) {
  if (tasks < 1 || tasks > 256) throw usage_error("histogram_async: tasks must be 1 to 256 (got " + std::to_string(tasks) + ")");
  // BEGIN SOLUTION
  // A window of futures: launch until `tasks` are in flight, then reduce the oldest
  // before launching the next. Reducing in launch order keeps it simple; + does not
  // care about the order, and get() rethrows what a map call threw.
  Histogram total;
  std::deque<std::future<Histogram>> in_flight;
  for (int f = 0; f < frames; ++f) {
    if (static_cast<int>(in_flight.size()) == tasks) {
      total = total + in_flight.front().get();
      in_flight.pop_front();
    }
    in_flight.push_back(std::async(std::launch::async, map, f));
  }
  for (auto& fut : in_flight) total = total + fut.get();
  return total;
  // END SOLUTION
  // BEGIN STUDENT
  // // Goal: the same Histogram as animation_histogram_seq, with each map(f) running as a
  // // task of its own and never more than `tasks` tasks in flight (memory and cores are
  // // finite: a frame in flight holds an image).
  // // Look up: std::async with std::launch::async, std::future::get (it also rethrows).
  // // Think: in which order must the partial histograms be added? What does a task
  // // still running cost you when the window is full, and which task should you wait for?
  // (void)frames, (void)map;
  // throw not_implemented("histogram_async (modules/02-async/histogram_async.cpp)");
  // END STUDENT
}

}  // namespace parlab::async
