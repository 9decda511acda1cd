// Module 02: map/reduce on tasks. The colour histogram of the whole animation is the
// sum of the histograms of its frames: map every frame to its histogram (independent
// tasks), then reduce them with +. Any order of the reduce gives the same counts, so
// the tasks may finish in any order.
#pragma once
#include <array>
#include <functional>

#include "parlab/image.hpp"
#include "parlab/render.hpp"

namespace parlab::async {

// kBins bins per channel (R, G, B): bin = value * kBins / 256.
inline constexpr int kBins = 16;
struct Histogram {
  std::array<std::array<long, kBins>, 3> count{};  // [channel][bin]
  long total() const;  // pixels counted (the same in every channel)
  friend bool operator==(const Histogram&, const Histogram&) = default;
};

// Given: the map step for one image, and the reduce step (+, associative and commutative).
Histogram histogram_of(const Image& img);
Histogram operator+(const Histogram& a, const Histogram& b);

// Given: the sequential reference, one frame after another: render it, count it.
Histogram animation_histogram_seq(const Animation& anim);

// The map step the drivers and tests hand to the exercise: frame -> its histogram.
using MapFrame = std::function<Histogram(int frame)>;
// Given: renders frame f of anim and counts it.
MapFrame render_and_count(const Animation& anim);

// Exercise 7 (histogram_async.cpp): map frames 0 .. frames-1 with `map`, each call as a
// task of its own (std::async), with at most `tasks` of them in flight at once, and
// reduce the results with +. Throws usage_error unless 1 <= tasks <= 256; an exception
// thrown by map reaches the caller.
Histogram histogram_async(int frames, const MapFrame& map, int tasks);

}  // namespace parlab::async
