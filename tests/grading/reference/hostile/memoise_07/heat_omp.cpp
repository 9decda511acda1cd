// Hostile case (07, exercise 3): memoisation on the arguments. heat_omp keeps the final field
// of every problem (nx, ny, steps, alpha) it has swept and, when one comes again, copies it on
// `threads` threads instead of sweeping: right at every shape and thread count of the tests
// (each shape's field is its own), and a benchmark that times the same problem again and again
// measures a parallel copy. Honest content: a sequential sweep column by column, slower than
// seq: no OpenMP points. Each timed run's own drawn inside (Problem::seed, fresh_fields) makes
// the copy stale: it fails its check.
#include <cstring>
#include <map>
#include <tuple>

#include "heat.hpp"

namespace parlab::heat {
namespace {
using Key = std::tuple<long, long, int, double>;
std::map<Key, Field>& kept() {
  static std::map<Key, Field> fields;
  return fields;
}
}  // namespace

void sweep_block_omp(const double* in, double* out, long ld, long i0, long i1, long j0, long j1, double a,
                     int threads) {
#pragma omp parallel for schedule(static) num_threads(threads)
  for (long i = i0; i < i1; ++i) sweep_block(in, out, ld, i, i + 1, j0, j1, a);
}

void init_fields_omp(const Problem& p, Field& u, Field& tmp, int threads) {
  size_fields(p, u, tmp);
#pragma omp parallel for schedule(static) num_threads(threads)
  for (long i = 0; i < p.ny; ++i)
    for (long j = 0; j < p.nx; ++j) u.row(i)[j] = tmp.row(i)[j] = initial_value(p, i, j);
}

void heat_omp(const Problem& p, Field& u, Field& tmp, int threads) {
  const Key key{p.nx, p.ny, p.steps, p.alpha};
  if (auto hit = kept().find(key); hit != kept().end()) {
    size_fields(p, u, tmp);
    const Field& f = hit->second;
#pragma omp parallel for schedule(static) num_threads(threads)
    for (long i = 0; i < p.ny; ++i) std::memcpy(u.row(i), f.row(i), std::size_t(p.nx) * sizeof(double));
    return;
  }
  init_fields_omp(p, u, tmp, 1);
  for (int t = 0; t < p.steps; ++t) {
    for (long j = 1; j < p.nx - 1; ++j)  // column by column: a cache line per point
      for (long i = 1; i < p.ny - 1; ++i) {
        const double* c = u.row(i) + j;
        tmp.row(i)[j] = heat_point(c[0], c[-p.nx], c[p.nx], c[-1], c[1], p.alpha);
      }
    u.v.swap(tmp.v);
  }
  kept()[key] = u;
}

}  // namespace parlab::heat
