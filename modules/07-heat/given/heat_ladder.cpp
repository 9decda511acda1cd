#include "heat_ladder.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <random>

#include "parlab/report.hpp"

namespace parlab::heat {

Cli& add_problem_options(Cli& cli, Problem& p) {
  return cli.option("nx", p.nx, "columns of the grid, boundary included", 1, 1L << 20)
      .option("ny", p.ny, "rows of the grid, boundary included", 1, 1L << 20)
      .option("steps", p.steps, "time steps (Jacobi sweeps) per run", 0, 1 << 24)
      .option("alpha", p.alpha, "diffusion number (stable up to 0.25)", 1e-6, 0.25);
}

std::string problem_params(const Problem& p) {
  return "nx=" + std::to_string(p.nx) + " ny=" + std::to_string(p.ny) + " steps=" + std::to_string(p.steps) +
         " alpha=" + fmt(p.alpha, 3);
}

Verdict compare_fields(const Field& u, const Field& ref) {
  if (u.v.size() != ref.v.size())
    return Verdict::check(false, "the field has " + std::to_string(u.v.size()) + " points, not " +
                                     std::to_string(ref.v.size()));
  for (std::size_t k = 0; k < ref.v.size(); ++k)
    if (std::memcmp(&u.v[k], &ref.v[k], sizeof(double)) != 0) {  // bit for bit: NaN (poison) never passes
      const long i = long(k) / ref.nx, j = long(k) % ref.nx;
      return Verdict::check(false, "point (" + std::to_string(i) + ", " + std::to_string(j) + ") is " +
                                       fmt(u.v[k], 17) + ", the sequential sweep gives " + fmt(ref.v[k], 17));
    }
  return Verdict::check(true, "bit-identical to the sequential field");
}

Ladder heat_ladder(const Problem& p, Field& u, Field& tmp, const Field& ref, bool here) {
  Ladder l;
  l.proto.module = "07-heat";
  l.proto.kernel = "heat";
  l.proto.set_size("nx", p.nx);
  l.proto.set_size("ny", p.ny);
  l.proto.set_size("steps", p.steps);
  l.proto.flops = run_flops(p);
  l.proto.bytes = run_bytes(p);  // 16 per updated point and step: no write-allocate (STREAM's rule)
  l.proto.roof = Roof::memory;
  l.proto.extra.push_back({"alpha", p.alpha});
  l.proto.extra.push_back({"bytes_per_point", 16.0});
  l.proto.notes.push_back({"bytes_counted", "centre read + new value written per point and step; no write-allocate"});
  l.work = l.proto.bytes / 1e9;
  l.unit = "GB/s";
  if (!here) {
    l.check = [](int) { return Verdict::check(true, ""); };
    return l;
  }
  l.poison = [&u, &tmp, p] {
    for (Field* f : {&u, &tmp}) {
      f->nx = p.nx, f->ny = p.ny;
      f->v.assign(std::size_t(p.nx * p.ny), std::numeric_limits<double>::quiet_NaN());
    }
  };
  l.check = [&u, &ref](int) { return compare_fields(u, ref); };
  return l;
}

void fresh_fields(Ladder& l, Problem& p, const Field& u, bool here) {
  struct Kept {
    Problem given, drawn;  // p as the driver gave it; p as the last refresh drew it
  };
  auto kept = std::make_shared<Kept>(Kept{p, p});
  l.poison = [&p, kept, before = l.poison] {
    p = kept->given;  // seed 0: the oracle's field, what the checked run is compared with
    if (before) before();
  };
  // u is not poisoned here: it holds the last run's field, of another draw, which fails as
  // surely, and a rung's run writes all of it anyway (no pass over memory that a run lacks).
  l.refresh = [&p, kept](std::uint64_t draw) {
    kept->drawn = kept->given;
    kept->drawn.seed = draw | 1;  // never 0: that is the checked run's field
    p = kept->drawn;
  };
  if (here)
    l.verify = [&u, kept](int, std::uint64_t draw) { return check_light_cones(kept->drawn, u, draw); };
  else
    l.verify = [](int, std::uint64_t) { return Verdict::check(true, ""); };
  l.proto.notes.push_back({"inputs", "fresh per timed run: the inside of the initial field drawn anew (untimed)"});
  l.proto.notes.push_back({"verify", "each timed run: " + std::to_string(kSampledPoints) +
                                         " random points bit for bit by their light cone (the whole field where cheaper)"});
}

Verdict check_light_cones(const Problem& p, const Field& u, std::uint64_t draw) {
  if (u.nx != p.nx || u.ny != p.ny || u.v.size() != std::size_t(p.nx * p.ny))
    return Verdict::check(false, "the field is " + std::to_string(u.nx) + " x " + std::to_string(u.ny) + ", not " +
                                     std::to_string(p.nx) + " x " + std::to_string(p.ny));
  // A cone costs at most steps x min(grid, (2 steps + 1)^2) updates; the whole run, steps x grid.
  const double grid = double(p.nx) * double(p.ny), side = 2.0 * p.steps + 1;
  if (kSampledPoints * std::min(grid, side * side) >= grid) {
    const Verdict v = compare_fields(u, reference_run(p));
    return v.kind == Verdict::Kind::pass ? Verdict::check(true, "bit-identical to the sequential field of its inputs") : v;
  }
  std::mt19937_64 gen(draw);
  for (int n = 0; n < kSampledPoints; ++n) {
    const long i = long(gen() % std::uint64_t(p.ny)), j = long(gen() % std::uint64_t(p.nx));
    const double want = light_cone_value(p, i, j), got = u.row(i)[j];
    if (std::memcmp(&got, &want, sizeof(double)) != 0)
      return Verdict::check(false, "point (" + std::to_string(i) + ", " + std::to_string(j) + ") is " + fmt(got, 17) +
                                       ", the sequential sweep of this run's inputs gives " + fmt(want, 17));
  }
  return Verdict::check(true, std::to_string(kSampledPoints) + " sampled points bit-identical to their light cones");
}

std::string fresh_params() { return "inputs=fresh verify=" + std::to_string(kSampledPoints) + "pts"; }

Field reference_with_frames(const Problem& p, const std::string& dir, int frames) {
  if (dir.empty()) return reference_run(p);
  std::filesystem::create_directories(dir);
  return reference_run(p, frames, [&](int f, const Field& u) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%04d", f);
    std::cout << "Heat map: " << write_heat_map(u, (std::filesystem::path(dir) / name).string()) << '\n';
  });
}

}  // namespace parlab::heat
