// The given parts of the map/reduce exercise: one frame's histogram, the reduce
// operator, and the sequential reference.
#include "histogram.hpp"

#include <numeric>

namespace parlab::async {

long Histogram::total() const { return std::accumulate(count[0].begin(), count[0].end(), 0L); }

Histogram histogram_of(const Image& img) {
  Histogram h;
  for (const Rgb8& p : img.pixels()) {
    ++h.count[0][p.r * kBins / 256];
    ++h.count[1][p.g * kBins / 256];
    ++h.count[2][p.b * kBins / 256];
  }
  return h;
}

Histogram operator+(const Histogram& a, const Histogram& b) {
  Histogram s;
  for (int c = 0; c < 3; ++c)
    for (int i = 0; i < kBins; ++i) s.count[c][i] = a.count[c][i] + b.count[c][i];
  return s;
}

MapFrame render_and_count(const Animation& anim) {
  return [&anim](int frame) {
    Image img = anim.blank();
    render_frame_seq(anim, frame, img);
    return histogram_of(img);
  };
}

Histogram animation_histogram_seq(const Animation& anim) {
  const MapFrame map = render_and_count(anim);
  Histogram total;
  for (int f = 0; f < anim.frames(); ++f) total = total + map(f);
  return total;
}

}  // namespace parlab::async
