// Hostile case (07, exercise 7): memoisation on the input. overlap_steps hashes its block (its
// place, the steps and every owned point) and, when the same block comes again, copies the
// owned points it computed for it before: no message, no sweep. Right on the tests' random
// blocks (each is new), and a benchmark that times the same field again and again measures a
// copy. Honest content: the blocking exchange (exercise 6) and a sweep column by column,
// slower than cart: no overlap points. Each timed run's own drawn inside (Problem::seed,
// fresh_fields) makes every block new: the cache never hits.
#include <cstdint>
#include <cstring>
#include <map>
#include <vector>

#include "heat_mpi.hpp"

namespace parlab::heat {
namespace {
std::map<std::uint64_t, std::vector<double>>& kept() {
  static std::map<std::uint64_t, std::vector<double>> blocks;
  return blocks;
}

std::uint64_t key_of(const Block& b, int steps) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&h](std::uint64_t x) { h = (h ^ x) * 0x100000001b3ull; };
  for (long x : {b.r0, b.rows, b.c0, b.cols, long(steps)}) mix(std::uint64_t(x));
  std::uint64_t bits = 0;
  std::memcpy(&bits, &b.p.alpha, sizeof bits);
  mix(bits);
  for (long i = 1; i <= b.rows; ++i)
    for (long j = 1; j <= b.cols; ++j) {
      std::memcpy(&bits, &b.u[std::size_t(i * b.ld() + j)], sizeof bits);
      mix(bits);
    }
  return h;
}
}  // namespace

void overlap_steps(Block& b, const CartGrid& g, MPI_Datatype column, int steps, HaloSplit* split) {
  const std::uint64_t key = key_of(b, steps);
  if (auto hit = kept().find(key); hit != kept().end() && hit->second.size() == b.u.size()) {
    std::memcpy(b.u.data(), hit->second.data(), b.u.size() * sizeof(double));
    return;
  }
  const long ld = b.ld();
  for (int t = 0; t < steps; ++t) {
    timed(split, &HaloSplit::exchange, [&] { exchange_halos(b, g, column); });
    timed(split, &HaloSplit::compute, [&] {
      for (long j = b.j0; j < b.j1; ++j)  // column by column: a cache line per point
        for (long i = b.i0; i < b.i1; ++i) {
          const double* c = &b.u[std::size_t(i * ld + j)];
          b.tmp[std::size_t(i * ld + j)] = heat_point(c[0], c[-ld], c[ld], c[-1], c[1], b.p.alpha);
        }
    });
    b.u.swap(b.tmp);
  }
  kept()[key] = b.u;
}

}  // namespace parlab::heat
