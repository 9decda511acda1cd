// The given offload code of module 07 (given/heat_offload.hpp): the device sweep, the naive
// rung that maps the grids every step, the device triad and the rungs of heat_stencil.
#include "heat_offload.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>

#include "heat_ladder.hpp"
#include "parlab/offload.hpp"
#include "parlab/rung_labels.hpp"

namespace parlab::heat {

// The host's per-point arithmetic, compiled for the device too (only in this TU: the library
// with the offload flags).
#pragma omp declare target(heat_point)

void sweep_device(const double* in, double* out, long nx, long ny, double a) {
  const std::size_t n = std::size_t(nx) * std::size_t(ny);
  // Every inside point is one device thread's: rows over the teams, columns over their
  // threads. heat_point is `declare target` (above): the device runs the host's expression.
#pragma omp target teams distribute parallel for collapse(2) map(to : in[0 : n]) map(tofrom : out[0 : n])
  for (long i = 1; i < ny - 1; ++i)
    for (long j = 1; j < nx - 1; ++j) {
      const long k = i * nx + j;
      out[k] = heat_point(in[k], in[k - nx], in[k + nx], in[k - 1], in[k + 1], a);
    }
}

void heat_offload_steps(const Problem& p, Field& u, Field& tmp) {
  for (int t = 0; t < p.steps; ++t) {
    // Not present: u over, tmp over and back. Present (exercise 9's enter data): nothing moves.
    sweep_device(u.v.data(), tmp.v.data(), p.nx, p.ny, p.alpha);
    u.v.swap(tmp.v);  // the device copies follow their host buffers (mapped by address)
  }
}

void heat_offload_naive(const Problem& p, Field& u, Field& tmp) {
  init_field(p, u);
  init_field(p, tmp);  // the boundary in both grids: out's is mapped back with its inside
  heat_offload_steps(p, u, tmp);  // nothing on the device yet: every step maps both grids
}

void DeviceTriad::enter(long points) {
  const std::size_t n = std::size_t(points);
  a.assign(n, 0.0), b.resize(n), c.resize(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = double(i % 1000), c[i] = double(i % 7);
  [[maybe_unused]] double* pa = a.data();  // (GCC 12 counts no use in a standalone data directive)
  [[maybe_unused]] const double* pb = b.data();
  [[maybe_unused]] const double* pc = c.data();
#pragma omp target enter data map(alloc : pa[0 : n]) map(to : pb[0 : n], pc[0 : n])
}

void DeviceTriad::run(int passes) {
  const std::size_t n = a.size();
  double* pa = a.data();
  const double* pb = b.data();
  const double* pc = c.data();
  for (int r = 0; r < passes; ++r) {
#pragma omp target teams distribute parallel for map(tofrom : pa[0 : n]) map(to : pb[0 : n], pc[0 : n])
    for (std::size_t i = 0; i < n; ++i) pa[i] = pb[i] + 3.0 * pc[i];
  }
}

void DeviceTriad::exit() {
  const std::size_t n = a.size();
  [[maybe_unused]] double* pa = a.data();
  [[maybe_unused]] const double* pb = b.data();
  [[maybe_unused]] const double* pc = c.data();
#pragma omp target exit data map(from : pa[0 : n]) map(release : pb[0 : n], pc[0 : n])
}

bool DeviceTriad::correct() const {
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i] + 3.0 * c[i]) return false;
  return true;
}

double device_bound(const Problem& p) {
  Field init;
  init_field(p, init);
  double hottest = 0;
  for (double v : init.v) hottest = std::max(hottest, std::fabs(v));
  const double u = std::ldexp(1.0, -53), gamma5 = 5 * u / (1 - 5 * u);
  const double top = hottest * (1 + std::ldexp(1.0, -20));
  return p.steps * 2 * (gamma5 * (1 + 8 * p.alpha) * top + std::ldexp(1.0, -1071));
}

Verdict device_check(const Problem& p, const Field& u, const Field& ref, const std::string& device) {
  if (device == "host-fallback") return compare_fields(u, ref);
  if (u.v.size() != ref.v.size()) return compare_fields(u, ref);  // says how many points
  double worst = 0;
  for (std::size_t k = 0; k < ref.v.size(); ++k) {
    const double d = std::fabs(u.v[k] - ref.v[k]);
    if (std::isnan(d)) {  // the poison never passes
      worst = d;
      break;
    }
    worst = std::max(worst, d);
  }
  const double bound = device_bound(p);
  char text[160];
  std::snprintf(text, sizeof text, "largest difference from the sequential field %.3g %s the proven bound %.3g (a GPU "
                "may fuse mul and add: heat_offload.hpp)", worst, worst <= bound ? "<=" : ">", bound);
  Verdict v = Verdict::check(worst <= bound, text);
  v.extra.push_back({"max_abs_diff", worst});
  v.extra.push_back({"bound", bound});
  return v;
}

std::vector<Rung> offload_rungs(const Problem& p, Field& u, Field& tmp, const Field& ref, DeviceTriad& triad,
                                const std::string& device) {
  std::vector<Rung> r;
  if (!offload_rungs_enabled()) return r;
  constexpr auto given = manifest::label("heat_stencil", "offload_naive");
  constexpr auto yours = manifest::label("heat_stencil", "offload");
  // Bit for bit on the host fallback; on a GPU within the proven bound of heat_offload.hpp.
  const auto check = [&](int) { return device_check(p, u, ref, device); };
  const auto describe = [&device](Record& rec) { describe_offload(rec, device); };
  const auto resident = [&] {
    heat_offload_enter(p, u, tmp);
    heat_offload_steps(p, u, tmp);
    heat_offload_exit(u, tmp);
  };
  r.emplace_back("offload_naive", manifest::about("the host's grids mapped every step: both over, one back", given),
                 [&](int) { heat_offload_naive(p, u, tmp); });
  r.back().on_device({"offload", Fence::data_back, nullptr, nullptr, nullptr});
  r.emplace_back("offload", manifest::about("grids resident on the device for all steps (copies untimed)", yours),
                 [&](int) { heat_offload_steps(p, u, tmp); });
  r.back().on_device({"offload", Fence::transfers_excluded, [&] { heat_offload_enter(p, u, tmp); }, nullptr,
                      [&] { heat_offload_exit(u, tmp); }});
  r.emplace_back("offload_copies", manifest::about("grids resident, the one copy in and out timed", yours),
                 [resident](int) { resident(); });
  r.back().on_device({"offload", Fence::data_back, nullptr, nullptr, nullptr});
  for (Rung& rung : r) rung.checked_by(check).described_by(describe);
  // The yardstick: the device's own bandwidth, the same steps, the grid's number of points.
  r.emplace_back("device_triad",
                 manifest::about("STREAM triad on resident arrays of the grid's size: the device's bandwidth",
                                 manifest::label("heat_stencil", "device_triad")),
                 [&](int) { triad.run(p.steps); });
  r.back()
      .on_device({"offload", Fence::transfers_excluded, [&] { triad.enter(p.nx * p.ny); }, nullptr, [&] { triad.exit(); }})
      .checked_by([&](int) {
        const bool ok = triad.correct();
        Verdict v = Verdict::check(ok, ok ? "a = b + 3c everywhere" : "a != b + 3c somewhere");
        v.work = triad.bytes(p.steps) / 1e9;
        v.unit = "GB/s";
        v.extra.push_back({"bytes_per_element", 24.0});
        return v;
      })
      .described_by(describe);
  return r;
}

}  // namespace parlab::heat
