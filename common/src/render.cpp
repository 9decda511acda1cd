// A small Whitted-style ray tracer: spheres and a checkered ground plane, diffuse,
// mirror and glass materials, soft shadows from two area lights, several jittered
// samples per pixel. Built with -ffp-contract=off so that every compiler and every
// CPU produces the same bits (the reference image test depends on it).
#include "parlab/render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "parlab/memory.hpp"
#include "parlab/error.hpp"

namespace parlab {

namespace {

struct V {
  double x = 0, y = 0, z = 0;
};
V operator+(V a, V b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
V operator-(V a, V b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
V operator*(V a, double s) { return {a.x * s, a.y * s, a.z * s}; }
V mul(V a, V b) { return {a.x * b.x, a.y * b.y, a.z * b.z}; }
double dot(V a, V b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
V cross(V a, V b) { return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x}; }
V unit(V a) { return a * (1.0 / std::sqrt(dot(a, a))); }
V load(const double (&a)[3]) { return {a[0], a[1], a[2]}; }
void store(double (&a)[3], V v) { a[0] = v.x, a[1] = v.y, a[2] = v.z; }

// Per-pixel random numbers: splitmix64 seeded from (frame, x, y, sample).
// Each pixel owns its generator, so the order in which pixels are computed
// (by any thread, on any rank) cannot change the result.
struct PixelRng {
  std::uint64_t s;
  double next() {
    s += 0x9e3779b97f4a7c15ull;
    std::uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return double(z >> 11) * 0x1.0p-53;
  }
};
// What one pixel's computation carries: its generator and a count of the rays it
// cast (the pixel's cost, used to show the load imbalance without a clock).
struct Ctx {
  PixelRng rng;
  long rays = 0;
};

std::uint64_t seed_of(int frame, int x, int y, int sample) {
  PixelRng r{(std::uint64_t(frame) << 48) ^ (std::uint64_t(y) << 32) ^ (std::uint64_t(x) << 16) ^
             std::uint64_t(sample)};
  r.next();
  return r.s ^ 0x5851f42d4c957f2dull;
}

enum class Mat { Diffuse, Mirror, Glass };
struct Sphere {
  V c;
  double r;
  Mat mat;
  V albedo;
};
struct Light {
  V pos;
  double radius;
  V color;
};
struct Ray {
  V o, d;
};
struct Hit {
  double t;
  V p, n, albedo;
  Mat mat;
};

// The scene. The glass balls sit in the middle and lower part of the picture:
// those rows are the expensive ones.
const Sphere kSpheres[] = {
    {{0.0, 0.9, 0.0}, 0.9, Mat::Glass, {1, 1, 1}},
    {{1.55, 0.5, 0.9}, 0.5, Mat::Glass, {1, 1, 1}},
    {{-1.35, 0.45, 1.05}, 0.45, Mat::Glass, {1, 1, 1}},
    {{0.45, 0.32, 1.75}, 0.32, Mat::Glass, {1, 1, 1}},
    {{-2.4, 1.1, -1.1}, 1.1, Mat::Mirror, {0.9, 0.9, 0.95}},
    {{2.5, 0.8, -1.3}, 0.8, Mat::Mirror, {0.95, 0.85, 0.7}},
    {{0.2, 0.6, -2.6}, 0.6, Mat::Diffuse, {0.8, 0.25, 0.2}},
    {{3.3, 0.3, 1.4}, 0.3, Mat::Diffuse, {0.2, 0.7, 0.3}},
    {{-3.2, 0.3, 1.6}, 0.3, Mat::Diffuse, {0.25, 0.35, 0.85}},
    {{1.1, 0.25, 3.0}, 0.25, Mat::Diffuse, {0.9, 0.8, 0.2}},
    {{-1.0, 0.25, 3.1}, 0.25, Mat::Diffuse, {0.8, 0.3, 0.8}},
    {{-0.9, 0.35, -1.3}, 0.35, Mat::Diffuse, {0.3, 0.8, 0.8}},
};
const Light kLights[] = {
    {{-4.0, 7.0, 4.0}, 1.0, {0.75, 0.72, 0.68}},
    {{5.0, 5.0, 2.0}, 0.6, {0.35, 0.38, 0.45}},
};
constexpr double kAmbient = 0.12;
constexpr double kEps = 1e-6;
constexpr double kIor = 1.5;
constexpr int kShadowSamples = 2;

bool intersect(const Ray& ray, Hit& hit, Ctx& ctx) {
  ++ctx.rays;
  double best = 1e30;
  const Sphere* hs = nullptr;
  for (const Sphere& s : kSpheres) {
    const V oc = ray.o - s.c;
    const double b = dot(oc, ray.d), c = dot(oc, oc) - s.r * s.r;
    const double disc = b * b - c;
    if (disc < 0) continue;
    const double sq = std::sqrt(disc);
    double t = -b - sq;
    if (t < kEps) t = -b + sq;
    if (t > kEps && t < best) best = t, hs = &s;
  }
  bool plane = false;
  if (ray.d.y < -1e-12) {
    const double t = -ray.o.y / ray.d.y;
    if (t > kEps && t < best) best = t, plane = true;
  }
  if (!hs && !plane) return false;
  hit.t = best;
  hit.p = ray.o + ray.d * best;
  if (plane) {
    hit.n = {0, 1, 0};
    hit.mat = Mat::Diffuse;
    const bool odd = (int(std::floor(hit.p.x)) + int(std::floor(hit.p.z))) & 1;
    hit.albedo = odd ? V{0.85, 0.85, 0.8} : V{0.25, 0.25, 0.3};
  } else {
    hit.n = (hit.p - hs->c) * (1.0 / hs->r);
    hit.mat = hs->mat;
    hit.albedo = hs->albedo;
  }
  return true;
}

bool occluded(const Ray& ray, double max_t, Ctx& ctx) {
  Hit h;
  return intersect(ray, h, ctx) && h.t < max_t;
}

V sky(V d) {
  const double t = 0.5 * (d.y + 1.0);
  return V{1.0, 1.0, 1.0} * (1.0 - t) + V{0.45, 0.65, 1.0} * t;
}

// Direct light at a diffuse point: soft shadows by sampling each light's disc.
V direct(V p, V n, V albedo, Ctx& ctx) {
  V sum = albedo * kAmbient;
  for (const Light& l : kLights)
    for (int s = 0; s < kShadowSamples; ++s) {
      const V target = l.pos + V{(ctx.rng.next() - 0.5) * 2 * l.radius, 0, (ctx.rng.next() - 0.5) * 2 * l.radius};
      const V to = target - p;
      const double dist = std::sqrt(dot(to, to));
      const V dir = to * (1.0 / dist);
      const double cosine = dot(n, dir);
      if (cosine <= 0) continue;
      if (occluded({p + n * 1e-4, dir}, dist, ctx)) continue;
      sum = sum + mul(albedo, l.color) * (cosine / kShadowSamples);
    }
  return sum;
}

V reflect(V d, V n) { return d - n * (2 * dot(d, n)); }

V trace(const Ray& ray, int depth, int max_depth, Ctx& ctx) {
  Hit h;
  if (!intersect(ray, h, ctx)) return sky(ray.d);
  if (h.mat == Mat::Diffuse) return direct(h.p, h.n, h.albedo, ctx);
  if (depth >= max_depth) return h.albedo * kAmbient;
  if (h.mat == Mat::Mirror) {
    const V r = unit(reflect(ray.d, h.n));
    return mul(h.albedo, trace({h.p + h.n * 1e-4, r}, depth + 1, max_depth, ctx)) * 0.9 +
           direct(h.p, h.n, h.albedo, ctx) * 0.1;
  }
  // Glass: follow both the reflected and the refracted ray (Fresnel-weighted).
  const bool entering = dot(ray.d, h.n) < 0;
  const V n = entering ? h.n : h.n * -1.0;
  const double eta = entering ? 1.0 / kIor : kIor;
  const double cos_i = -dot(ray.d, n);
  const double k = 1.0 - eta * eta * (1.0 - cos_i * cos_i);
  const V refl = trace({h.p + n * 1e-4, unit(reflect(ray.d, n))}, depth + 1, max_depth, ctx);
  if (k < 0) return refl;  // total internal reflection
  const double r0 = ((1 - kIor) / (1 + kIor)) * ((1 - kIor) / (1 + kIor));
  const double m = 1.0 - cos_i;
  const double fresnel = r0 + (1 - r0) * m * m * m * m * m;
  const V tdir = unit(ray.d * eta + n * (eta * cos_i - std::sqrt(k)));
  const V refr = trace({h.p - n * 1e-4, tdir}, depth + 1, max_depth, ctx);
  return refl * fresnel + refr * (1 - fresnel);
}

std::uint8_t to_byte(double c) {
  c = std::clamp(c, 0.0, 1.0);
  return std::uint8_t(std::sqrt(c) * 255.999);  // gamma 2
}

Camera make_camera(int frame, int frames, double aspect) {
  constexpr double kPi = 3.14159265358979323846;
  const double u = frames > 1 ? double(frame) / (frames - 1) : 0.5;
  const double angle = (-30.0 + 60.0 * u) * kPi / 180.0;  // a 60-degree sweep around the scene
  const V from{7.0 * std::sin(angle), 2.1 + 0.4 * std::sin(2 * angle), 7.0 * std::cos(angle)};
  const V at{0.0, 0.7, 0.0}, up{0, 1, 0};
  const double half_h = std::tan(34.0 * kPi / 180.0 / 2);
  const V w = unit(from - at), uu = unit(cross(up, w)), v = cross(w, uu);
  const V horizontal = uu * (2 * half_h * aspect), vertical = v * (2 * half_h);
  Camera c;
  store(c.origin, from);
  store(c.horizontal, horizontal);
  store(c.vertical, vertical);
  store(c.lower_left, from - horizontal * 0.5 - vertical * 0.5 - w);
  return c;
}

}  // namespace

void validate(const RenderSettings& s) {
  auto in = [](int v, int lo, int hi, const char* what) {
    if (v < lo || v > hi)
      throw usage_error(std::string(what) + ": " + std::to_string(v) + " is out of range (must be " +
                        std::to_string(lo) + " to " + std::to_string(hi) + ")");
  };
  in(s.width, 1, 16384, "width");
  in(s.height, 1, 16384, "height");
  in(s.frames, 1, 100000, "frames");
  in(s.samples, 1, 4096, "samples");
  in(s.max_depth, 0, 32, "max depth");
  // Every rung keeps all frames in memory (3 bytes a pixel), plus the reference copy.
  require_memory(std::uint64_t(s.width) * s.height * s.frames * 3 * 2, "the animation");
}

Animation::Animation(const RenderSettings& s) : s_(s) {
  validate(s);
  cameras_.reserve(s.frames);
  for (int f = 0; f < s.frames; ++f) cameras_.push_back(make_camera(f, s.frames, double(s.width) / s.height));
}

Rgb8 Animation::shade(int frame, int x, int y) const {
  long rays;
  return shade_counted(frame, x, y, rays);
}

long Animation::rays(int frame, int x, int y) const {
  long rays;
  shade_counted(frame, x, y, rays);
  return rays;
}

Rgb8 Animation::shade_counted(int frame, int x, int y, long& rays) const {
  const Camera& c = cameras_.at(frame);
  const V origin = load(c.origin), ll = load(c.lower_left), hz = load(c.horizontal), vt = load(c.vertical);
  V sum;
  rays = 0;
  for (int s = 0; s < s_.samples; ++s) {
    Ctx ctx{{seed_of(frame, x, y, s) ^ seed_}};
    const double u = (x + ctx.rng.next()) / s_.width, v = 1.0 - (y + ctx.rng.next()) / s_.height;
    const V dir = unit(ll + hz * u + vt * v - origin);
    sum = sum + trace({origin, dir}, 0, s_.max_depth, ctx);
    rays += ctx.rays;
  }
  sum = sum * (1.0 / s_.samples);
  return {to_byte(sum.x), to_byte(sum.y), to_byte(sum.z)};
}

void render_rows(const Animation& anim, int frame, Image& img, int y0, int y1) {
  for (int y = y0; y < y1; ++y)
    for (int x = 0; x < anim.width(); ++x) img.at(x, y) = anim.shade(frame, x, y);
}

std::vector<Tile> make_tiles(int width, int height, int tile_size) {
  if (tile_size < 1) throw usage_error("tile size must be >= 1");
  std::vector<Tile> tiles;
  for (int y = 0; y < height; y += tile_size)
    for (int x = 0; x < width; x += tile_size)
      tiles.push_back({x, y, std::min(x + tile_size, width), std::min(y + tile_size, height)});
  return tiles;
}

void render_tile(const Animation& anim, int frame, Image& img, const Tile& t) {
  for (int y = t.y0; y < t.y1; ++y)
    for (int x = t.x0; x < t.x1; ++x) img.at(x, y) = anim.shade(frame, x, y);
}

void render_frame_seq(const Animation& anim, int frame, Image& img) {
  render_rows(anim, frame, img, 0, anim.height());
}

std::vector<Image> render_all_seq(const Animation& anim) {
  std::vector<Image> frames(anim.frames(), anim.blank());
  for (int f = 0; f < anim.frames(); ++f) render_frame_seq(anim, f, frames[f]);
  return frames;
}

}  // namespace parlab
