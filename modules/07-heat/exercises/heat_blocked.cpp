// Exercise 4 (the stretch) - carry more per trip: temporal blocking.
//
// A plain sweep reads the whole grid from memory and writes it back once per step, so no
// number of cooks gets past the bandwidth roof. A wavefront does `block` steps in one pass:
// while it walks down the rows, it computes step 1 of row w, step 2 of row w-1, ..., step T
// of row w-T+1, keeping the in-between steps in a few rows that stay in cache (three per
// step). Memory then sees one read and one write per point per T steps: the only rung that
// can beat the bandwidth roof. Each thread takes a band of output rows and recomputes the few
// rows around its band that its neighbours also compute (no sharing, no locks). Every value
// is heat_point of the same five values, so the field stays bit-identical.
#include <algorithm>
#include <vector>

#include <omp.h>

#include "heat.hpp"
#include "parlab/error.hpp"
#include "parlab/partition.hpp"

namespace parlab::heat {

// BEGIN SOLUTION
namespace {
// T steps of output rows [a, b) (1 <= a < b <= ny-1) from `in` into `out`; `ring` holds
// 3 rows of nx for each in-between step 1..T-1.
void wavefront(const Problem& p, const double* in, double* out, long a, long b, int T, double* ring) {
  const long nx = p.nx, ny = p.ny;
  auto level = [&](int k, long i) -> double* {  // row i after k steps (k < T: in the ring)
    return ring + (std::size_t(k - 1) * 3 + std::size_t(i % 3)) * nx;
  };
  auto source = [&](int k, long i) -> const double* { return k == 0 ? in + i * nx : level(k, i); };
  for (long w = a - T + 1; w <= b + T - 2; ++w)
    for (int k = 1; k <= T; ++k) {
      const long i = w - k + 1;
      if (i < std::max(0L, a - (T - k)) || i >= std::min(ny, b + (T - k))) continue;
      double* dst = k == T ? out + i * nx : level(k, i);
      const double* fixed = in + i * nx;
      if (i == 0 || i == ny - 1) {  // a boundary row: the same at every step
        std::copy(fixed, fixed + nx, dst);
        continue;
      }
      const double* n = source(k - 1, i - 1);
      const double* c = source(k - 1, i);
      const double* s = source(k - 1, i + 1);
      dst[0] = fixed[0], dst[nx - 1] = fixed[nx - 1];
      for (long j = 1; j < nx - 1; ++j) dst[j] = heat_point(c[j], n[j], s[j], c[j - 1], c[j + 1], p.alpha);
    }
}
}  // namespace
// END SOLUTION

void heat_blocked(const Problem& p, Field& u, Field& tmp, int threads, int block) {
  init_fields_omp(p, u, tmp, threads);
  if (p.nx < 3 || p.ny < 3) return;  // no inside: the field never changes
  // BEGIN SOLUTION
#pragma omp parallel num_threads(threads)
  {
    const Range band = block_range(p.ny - 2, omp_get_num_threads(), omp_get_thread_num());
    std::vector<double> ring(std::size_t(std::max(block - 1, 0)) * 3 * std::size_t(p.nx));
    for (int t0 = 0; t0 < p.steps; t0 += block) {
      const int T = std::min(block, p.steps - t0);
      if (band.size() > 0) wavefront(p, u.v.data(), tmp.v.data(), 1 + band.begin, 1 + band.end, T, ring.data());
#pragma omp barrier
#pragma omp single
      u.v.swap(tmp.v);  // the implied barrier after single: every thread sees the swap
    }
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): p.steps steps in passes of `block` steps (the last pass may be shorter),
  // // each pass one walk down the rows that produces row i after T steps from the rows
  // // around it after T-1 steps, the in-between steps in small per-thread row buffers; the
  // // result in u. Each of the `threads` threads produces its own band of rows.
  // // Constraint: every value is heat_point of the same five neighbours as in heat_seq (bit-
  // // identical); the per-thread buffers fit in the L2 cache; no thread writes what another
  // // reads in the same pass.
  // // Look up: "temporal blocking", "wavefront" or "pipelined" Jacobi; parlab/partition.hpp's
  // // block_range; `#pragma omp barrier` and `single`.
  // // Think: how many rows of each in-between step must a thread keep, how many extra rows
  // // does each band recompute per pass, and which block makes that cost more than it saves?
  // (void)threads, (void)block;
  // throw not_implemented("heat_blocked (modules/07-heat/exercises/heat_blocked.cpp)");
  // END STUDENT
}

}  // namespace parlab::heat
