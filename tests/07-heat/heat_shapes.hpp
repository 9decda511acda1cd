// The odd shapes every 07-heat rung is tested on, and the bitwise comparison.
#pragma once
#include <cstring>
#include <vector>

#include "heat.hpp"

namespace parlab::heat::test {

// nx x ny with a few steps: no inside (1 x 1, 2 x 2, 1 x 9), one row or one column inside
// (3 x 1000 both ways), primes, a square with an odd step count; two with a drawn inside (a
// timed run's inputs: Problem::seed).
inline std::vector<Problem> odd_shapes() {
  return {{1, 1, 3, 0.2},  {2, 2, 2, 0.2},  {9, 1, 2, 0.2},  {1000, 3, 5, 0.25}, {3, 1000, 5, 0.25},
          {13, 17, 7, 0.2}, {31, 7, 4, 0.1}, {64, 64, 9, 0.2}, {5, 6, 0, 0.2},
          {29, 23, 6, 0.2, 0x5eed}, {3, 40, 3, 0.25, 77}};
}

// Bit for bit: the same arithmetic per point gives the same doubles (and a NaN never passes).
inline bool same_bits(const Field& a, const Field& b) {
  return a.nx == b.nx && a.ny == b.ny && a.v.size() == b.v.size() &&
         std::memcmp(a.v.data(), b.v.data(), a.v.size() * sizeof(double)) == 0;
}

// u and tmp filled with NaN, as the framework poisons them before a checked run.
inline void poison(const Problem& p, Field& u, Field& tmp) {
  for (Field* f : {&u, &tmp}) {
    f->nx = p.nx, f->ny = p.ny;
    f->v.assign(std::size_t(p.nx * p.ny), __builtin_nan(""));
  }
}

// Runs `rung` on every odd shape from poisoned fields and hands `check` the shape, the field
// it left and the oracle's.
template <class Rung, class Check>
void on_every_shape(Rung rung, Check check) {
  for (const Problem& p : odd_shapes()) {
    const Field ref = reference_run(p);
    Field u, tmp;
    poison(p, u, tmp);
    rung(p, u, tmp);
    check(p, u, ref);
  }
}

}  // namespace parlab::heat::test
