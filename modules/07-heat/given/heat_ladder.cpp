#include "heat_ladder.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <limits>

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
