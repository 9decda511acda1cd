// Module 02, exercise 7: map/reduce on tasks (histogram_async). Correctness only:
// the counts, every frame mapped once, the window of tasks in flight, exceptions.
#include "support/catch.hpp"

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>

#include "histogram.hpp"
#include "parlab/error.hpp"
#include "rendezvous.hpp"

using namespace parlab;
using namespace parlab::async;

namespace {
const RenderSettings kTiny{24, 16, 6, 1, 3};

// A map whose histogram is the frame number in bin 0 of red: a frame mapped twice,
// or one left out, changes the sum.
Histogram marked(int f) {
  Histogram h;
  h.count[0][0] = f + 1;
  return h;
}
}  // namespace

TEST_CASE("histogram_of counts every pixel once per channel in its bin", "[02][histogram]") {
  Image img(3, 2);
  img.at(0, 0) = {255, 0, 16};
  img.at(1, 1) = {15, 128, 31};
  const Histogram h = histogram_of(img);
  CHECK(h.total() == 6);
  CHECK(h.count[0][kBins - 1] == 1);  // 255
  CHECK(h.count[0][0] == 5);          // 15 and the four black pixels
  CHECK(h.count[1][8] == 1);          // 128
  CHECK(h.count[2][1] == 2);          // 16 and 31
}

TEST_CASE("histogram_async gives the sequential histogram at 1 2 3 and 7 tasks", "[02][histogram]") {
  const Animation anim(kTiny);
  const Histogram expect = animation_histogram_seq(anim);
  REQUIRE(expect.total() == anim.pixels_per_frame() * anim.frames());
  for (int tasks : {1, 2, 3, 7}) {
    INFO("tasks = " << tasks);
    CHECK(histogram_async(anim.frames(), render_and_count(anim), tasks) == expect);
  }
}

TEST_CASE("histogram_async maps every frame exactly once", "[02][histogram]") {
  std::mutex m;
  std::multiset<int> seen;
  const Histogram h = histogram_async(9, [&](int f) {
    std::lock_guard lock(m);
    seen.insert(f);
    return marked(f);
  }, 4);
  CHECK(h.count[0][0] == 45);  // 1 + 2 + ... + 9
  CHECK(seen == std::multiset<int>{0, 1, 2, 3, 4, 5, 6, 7, 8});
}

TEST_CASE("histogram_async runs tasks at once and never more than asked", "[02][histogram]") {
  std::atomic<int> running{0}, most{0};
  Rendezvous two(2);  // the first two map calls must overlap, or both time out
  std::atomic<bool> overlapped{true};
  std::atomic<int> calls{0};
  histogram_async(8, [&](int f) {
    const int now = ++running;
    for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
    }
    if (calls++ < 2 && !two.arrive_and_wait()) overlapped = false;
    --running;
    return marked(f);
  }, 2);
  CHECK(overlapped);
  CHECK(most.load() <= 2);
  CHECK(most.load() == 2);
}

TEST_CASE("histogram_async passes on the exception of a map call", "[02][histogram]") {
  auto bad = [](int f) -> Histogram {
    if (f == 3) throw std::runtime_error("frame 3 is broken");
    return marked(f);
  };
  CHECK_THROWS_WITH(histogram_async(6, bad, 2), "frame 3 is broken");
}

TEST_CASE("histogram_async rejects a task count out of range", "[02][histogram]") {
  CHECK_THROWS_AS(histogram_async(4, marked, 0), usage_error);
  CHECK_THROWS_AS(histogram_async(4, marked, 257), usage_error);
}
