// The problem's given parts: the heat sources on the boundary, the counts of the work, the
// checks of the options, the naive rung and the heat maps.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>

#include "heat.hpp"
#include "parlab/error.hpp"
#include "parlab/image.hpp"

namespace parlab::heat {

namespace {
constexpr double kHottest = 100.0;  // the hottest source: the top of the heat map's scale
}

double initial_value(const Problem& p, long i, long j) {
  if (i == 0) return (j * 7 / p.nx) % 2 == 1 ? kHottest : 0.0;          // three hot plates on top
  if (j == p.nx - 1) return (i >= p.ny / 3 && i < 2 * p.ny / 3) ? 80.0 : 0.0;  // one on the right
  if (j == 0) return 40.0;                                               // a warm left wall
  if (i == p.ny - 1 || p.seed == 0) return 0.0;                          // cold bottom, cold inside
  // A drawn inside (a timed run's): splitmix64 of the seed and the point, in [0, kHottest).
  std::uint64_t z = p.seed + std::uint64_t(i * p.nx + j) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return kHottest * double((z ^ (z >> 31)) >> 11) * 0x1p-53;
}

void init_field(const Problem& p, Field& u) {
  u.nx = p.nx, u.ny = p.ny;
  u.v.resize(std::size_t(p.nx * p.ny));
  for (long i = 0; i < p.ny; ++i)
    for (long j = 0; j < p.nx; ++j) u.v[std::size_t(i * p.nx + j)] = initial_value(p, i, j);
}

void size_fields(const Problem& p, Field& u, Field& tmp) {
  for (Field* f : {&u, &tmp}) {
    f->nx = p.nx, f->ny = p.ny;
    f->v.resize(std::size_t(p.nx * p.ny));
  }
}

long interior_points(const Problem& p) { return std::max(0L, p.nx - 2) * std::max(0L, p.ny - 2); }
double run_flops(const Problem& p) { return 7.0 * double(interior_points(p)) * p.steps; }
double run_bytes(const Problem& p) { return 16.0 * double(interior_points(p)) * p.steps; }

void check_problem(const Problem& p) {
  if (p.nx < 1) throw usage_error("--nx: " + std::to_string(p.nx) + " is out of range (at least 1)");
  if (p.ny < 1) throw usage_error("--ny: " + std::to_string(p.ny) + " is out of range (at least 1)");
  if (p.steps < 0) throw usage_error("--steps: " + std::to_string(p.steps) + " is out of range (at least 0)");
  if (!(p.alpha > 0 && p.alpha <= 0.25))
    throw usage_error("--alpha: " + std::to_string(p.alpha) + " is out of range (0, 0.25]: the explicit scheme is "
                      "unstable above 0.25");
}

namespace {
// The points a step computes: rows [i0, i1), columns [j0, j1).
struct Rect {
  long i0, i1, j0, j1;
};
Rect whole(const Field& u) { return {0, u.ny, 0, u.nx}; }

// One step from u into tmp on the points of r, with a test per point for u's boundary (fixed:
// copied); by_columns: the loops in the order of the maths (x, then y), so the inner loop
// jumps a whole row per point.
void step_with_tests(const Field& u, Field& tmp, double alpha, bool by_columns, Rect r) {
  const long nx = u.nx, ny = u.ny;
  const long outer0 = by_columns ? r.j0 : r.i0, outer1 = by_columns ? r.j1 : r.i1;
  const long inner0 = by_columns ? r.i0 : r.j0, inner1 = by_columns ? r.i1 : r.j1;
  for (long a = outer0; a < outer1; ++a)
    for (long b = inner0; b < inner1; ++b) {
      const long i = by_columns ? b : a, j = by_columns ? a : b, k = i * nx + j;
      if (i == 0 || j == 0 || i == ny - 1 || j == nx - 1) {
        tmp.v[k] = u.v[k];
      } else {
        tmp.v[k] = heat_point(u.v[k], u.v[k - nx], u.v[k + nx], u.v[k - 1], u.v[k + 1], alpha);
      }
    }
}
}  // namespace

// Rung 1, as a beginner writes it: column by column, a test per point.
void heat_naive(const Problem& p, Field& u, Field& tmp) {
  init_field(p, u);
  init_field(p, tmp);
  for (int t = 0; t < p.steps; ++t) {
    step_with_tests(u, tmp, p.alpha, true, whole(u));
    u.v.swap(tmp.v);
  }
}

Field reference_run(const Problem& p, int frames, const std::function<void(int, const Field&)>& frame) {
  Field u, tmp;
  init_field(p, u);
  init_field(p, tmp);
  int next = 0;  // frame f shows step round(f * steps / (frames - 1))
  auto due = [&](int t) { return frames > 1 ? (long(next) * p.steps + (frames - 1) / 2) / (frames - 1) == t : t == p.steps; };
  for (int t = 0;; ++t) {
    while (next < frames && due(t)) frame(next++, u);
    if (t == p.steps) break;
    step_with_tests(u, tmp, p.alpha, false, whole(u));
    u.v.swap(tmp.v);
  }
  return u;
}

double light_cone_value(const Problem& p, long i, long j) {
  const long s = p.steps;
  // The window: the points within s of (i, j), clipped to the grid. Its edges are the grid's
  // boundary (fixed) or points no computed value below ever reads.
  const long r0 = std::max(0L, i - s), c0 = std::max(0L, j - s);
  Field w;
  w.nx = std::min(p.nx, j + s + 1) - c0, w.ny = std::min(p.ny, i + s + 1) - r0;
  w.v.resize(std::size_t(w.nx * w.ny));
  for (long y = 0; y < w.ny; ++y)
    for (long x = 0; x < w.nx; ++x) w.v[std::size_t(y * w.nx + x)] = initial_value(p, r0 + y, c0 + x);
  Field tmp = w;
  const long ci = i - r0, cj = j - c0;
  for (long t = 1; t <= s; ++t) {
    // After step t only the points within s - t of (i, j) are read again: each reads its
    // neighbours within s - t + 1, all computed at step t - 1 (or initial).
    const long reach = s - t;
    step_with_tests(w, tmp, p.alpha, false,
                    {std::max(0L, ci - reach), std::min(w.ny, ci + reach + 1), std::max(0L, cj - reach),
                     std::min(w.nx, cj + reach + 1)});
    w.v.swap(tmp.v);
  }
  return w.row(ci)[cj];
}

std::string write_heat_map(const Field& u, const std::string& path_without_extension, int max_side) {
  const long scale = std::max(1L, (std::max(u.nx, u.ny) + max_side - 1) / max_side);
  const int w = int((u.nx + scale - 1) / scale), h = int((u.ny + scale - 1) / scale);
  Image img(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double t = std::clamp(u.row(y * scale)[x * scale] / kHottest, 0.0, 1.0);
      // black -> red -> yellow -> white as t goes 0 -> 1/3 -> 2/3 -> 1
      auto ramp = [&](double lo) { return std::uint8_t(255.0 * std::clamp((t - lo) * 3.0, 0.0, 1.0)); };
      img.at(x, y) = {ramp(0.0), ramp(1.0 / 3.0), ramp(2.0 / 3.0)};
    }
  return write_image(img, path_without_extension);
}

}  // namespace parlab::heat
