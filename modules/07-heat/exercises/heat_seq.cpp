// Exercise 2 - the sweep as the memory likes it (rung 1, heat_naive in given/heat_field.cpp,
// is the same sweep as a beginner writes it).
//
// A Jacobi step does 7 flops per point and must move at least 16 bytes (read the point,
// write its new value): the cooks are fast, the pantry door is narrow. The only thing a
// sequential sweep can do is keep the door busy with useful traffic: walk memory in order
// (unit stride, every cache line used whole), keep the boundary test out of the inner loop
// so the compiler can vectorise it, and never copy a grid that a swap can replace.
#include <utility>

#include "heat.hpp"
#include "parlab/error.hpp"

namespace parlab::heat {

void sweep_block(const double* in, double* out, long ld, long i0, long i1, long j0, long j1, double a) {
  // BEGIN SOLUTION
  for (long i = i0; i < i1; ++i) {
    const double* c = in + i * ld;
    const double* n = c - ld;
    const double* s = c + ld;
    double* o = out + i * ld;
    for (long j = j0; j < j1; ++j) o[j] = heat_point(c[j], n[j], s[j], c[j - 1], c[j + 1], a);
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): out's points (i, j), i in [i0, i1), j in [j0, j1), each the new value of
  // // in's point: heat_point(centre, north, south, west, east, a) (heat.hpp), the points at
  // // i*ld + j of a row-major block whose rows are ld doubles apart.
  // // Constraint: the inner loop walks memory with stride 1 and has no branch, so the compiler
  // // vectorises it (build with -fopt-info-vec-optimized and find this line in its report);
  // // the arguments of heat_point in exactly that order (every rung bit-identical).
  // // Look up: row-major indexing, `__restrict`, -fopt-info-vec.
  // // Think: how many bytes must one point cost at least, and why do the north and south
  // // neighbours not cost more (how many rows of the grid fit in your L1 and L2)?
  // (void)in, (void)out, (void)ld, (void)i0, (void)i1, (void)j0, (void)j1, (void)a;
  // throw not_implemented("sweep_block (modules/07-heat/exercises/heat_seq.cpp)");
  // END STUDENT
}

void heat_seq(const Problem& p, Field& u, Field& tmp) {
  init_field(p, u);
  init_field(p, tmp);  // the boundary is in both grids, and never written again
  // BEGIN SOLUTION
  for (int t = 0; t < p.steps; ++t) {
    sweep_block(u.v.data(), tmp.v.data(), p.nx, 1, p.ny - 1, 1, p.nx - 1, p.alpha);
    u.v.swap(tmp.v);  // O(1): the vectors trade their buffers
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): p.steps steps, each one sweep_block over the inside of the grid (the
  // // boundary rows and columns are fixed), from u into tmp; the final field ends in u.
  // // Constraint: no element copied between steps: the two grids trade roles.
  // // Look up: std::vector::swap (what does it cost?).
  // // Think: what does a grid of 1 x 1, 3 x 1000 or 2 x 2 points update, and does your loop
  // // handle them without a test of its own?
  // throw not_implemented("heat_seq (modules/07-heat/exercises/heat_seq.cpp)");
  // END STUDENT
}

}  // namespace parlab::heat
