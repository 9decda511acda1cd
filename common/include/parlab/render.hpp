// The ray-traced animation every rendering rung draws, and its per-pixel shader.
//
// The scene mixes cheap and dear pixels on purpose: sky costs one ray, a diffuse
// surface a few shadow rays, and the glass spheres a whole tree of reflected and
// refracted rays. Rows through the glass cost many times the rows of sky, which is
// what the partitioning lessons (03, 04, 05) measure.
//
// Sampling is a hash of (frame, x, y, sample), never a shared random generator, so
// every parallel rung produces an image bit-identical to the sequential one.
#pragma once
#include <cstdint>
#include <vector>

#include "parlab/image.hpp"

namespace parlab {

struct RenderSettings {
  int width = 160;
  int height = 90;
  int frames = 4;
  int samples = 4;    // samples per pixel (anti-aliasing, soft shadows)
  int max_depth = 5;  // reflection/refraction bounces
};

// Checks ranges; throws usage_error with a clear message.
void validate(const RenderSettings& s);

struct Camera {
  double origin[3], lower_left[3], horizontal[3], vertical[3];
};

class Animation {
 public:
  explicit Animation(const RenderSettings& settings);  // validates
  const RenderSettings& settings() const { return s_; }
  int width() const { return s_.width; }
  int height() const { return s_.height; }
  int frames() const { return s_.frames; }
  long pixels_per_frame() const { return static_cast<long>(s_.width) * s_.height; }

  // The per-pixel shader: the colour of pixel (x, y) of `frame`. Pure and thread-safe.
  Rgb8 shade(int frame, int x, int y) const;

  // The number of rays shade() casts for this pixel: its cost, without a clock.
  long rays(int frame, int x, int y) const;

  Image blank() const { return Image(s_.width, s_.height); }

  // Another draw of every pixel's samples (jitter, soft shadows): the same scene, other
  // pixels, so no earlier render of it can stand in for a new one. 0: the reference draw.
  void reseed(std::uint64_t seed) { seed_ = seed; }
  std::uint64_t seed() const { return seed_; }

 private:
  Rgb8 shade_counted(int frame, int x, int y, long& rays) const;
  RenderSettings s_;
  std::uint64_t seed_ = 0;
  std::vector<Camera> cameras_;  // one per frame: the camera flies around the scene
};

// Rows [y0, y1) of one frame, left to right: the unit of work most rungs hand out.
void render_rows(const Animation& anim, int frame, Image& img, int y0, int y1);

// A rectangle of pixels [x0, x1) x [y0, y1).
struct Tile {
  int x0, y0, x1, y1;
};
std::vector<Tile> make_tiles(int width, int height, int tile_size);
void render_tile(const Animation& anim, int frame, Image& img, const Tile& t);

// The sequential reference: every frame, row by row.
void render_frame_seq(const Animation& anim, int frame, Image& img);
std::vector<Image> render_all_seq(const Animation& anim);

}  // namespace parlab
