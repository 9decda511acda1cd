// Exercise 3 - the same sweep on several cooks (OpenMP), and the first touch.
//
// Each thread sweeps its own band of rows: no point is written twice, so no locks. Adding
// threads helps until the memory bandwidth is full; past that they wait on the pantry door.
// On a node with several sockets each socket has its own memory, and a page lives on the
// socket of the thread that first wrote it (first touch): if one thread initialises the grid,
// every other socket streams through the interconnect. So the grids are initialised by the
// same threads, with the same schedule, as the sweep that later reads them.
#include "heat.hpp"
#include "parlab/error.hpp"

namespace parlab::heat {

void sweep_block_omp(const double* in, double* out, long ld, long i0, long i1, long j0, long j1, double a,
                     int threads) {
  // BEGIN SOLUTION
#pragma omp parallel for schedule(static) num_threads(threads)
  for (long i = i0; i < i1; ++i) sweep_block(in, out, ld, i, i + 1, j0, j1, a);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): sweep_block's work (exercise 2) on `threads` threads, each a band of rows.
  // // Constraint: the thread count from the argument (not OMP_NUM_THREADS); each row's
  // // arithmetic is sweep_block's, so the field stays bit-identical at every thread count.
  // // Look up: `#pragma omp parallel for`, num_threads, schedule(static).
  // // Think: which schedule gives each thread the same rows in every step, and why does that
  // // matter for the caches and for the first touch below?
  // (void)in, (void)out, (void)ld, (void)i0, (void)i1, (void)j0, (void)j1, (void)a, (void)threads;
  // throw not_implemented("sweep_block_omp (modules/07-heat/exercises/heat_omp.cpp)");
  // END STUDENT
}

void init_fields_omp(const Problem& p, Field& u, Field& tmp, int threads) {
  size_fields(p, u, tmp);
  // BEGIN SOLUTION
  // Each row written first by the thread that will sweep it (the sweep's static split).
#pragma omp parallel for schedule(static) num_threads(threads)
  for (long i = 0; i < p.ny; ++i)
    for (long j = 0; j < p.nx; ++j) u.row(i)[j] = tmp.row(i)[j] = initial_value(p, i, j);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): every point of u and tmp set to initial_value (heat.hpp), each row by
  // // the thread that will sweep it.
  // // Constraint: the same loop split as sweep_block_omp's, so each row's pages are written
  // // by the thread that sweeps that row.
  // // Look up: first-touch page placement (numactl --hardware, OMP_PROC_BIND, OMP_PLACES).
  // // Think: size_fields' std::vector::resize writes zeros on the first run: which thread
  // // placed the pages then, and what would a real code allocate with instead? On a
  // // two-socket node, what does the sweep lose if thread 0 alone placed every page?
  // (void)threads;
  // throw not_implemented("init_fields_omp (modules/07-heat/exercises/heat_omp.cpp)");
  // END STUDENT
}

void heat_omp(const Problem& p, Field& u, Field& tmp, int threads) {
  init_fields_omp(p, u, tmp, threads);
  // BEGIN SOLUTION
  for (int t = 0; t < p.steps; ++t) {
    sweep_block_omp(u.v.data(), tmp.v.data(), p.nx, 1, p.ny - 1, 1, p.nx - 1, p.alpha, threads);
    u.v.swap(tmp.v);
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): p.steps parallel sweeps of the inside (sweep_block_omp); the result in u.
  // // Constraint: no copy of a grid; one parallel region per step is fine (why not one per row?).
  // // Look up: the cost of starting a parallel region (EPCC's OpenMP microbenchmarks).
  // // Think: at what grid size does the fork/join of each step cost as much as the sweep?
  // (void)threads;
  // throw not_implemented("heat_omp (modules/07-heat/exercises/heat_omp.cpp)");
  // END STUDENT
}

}  // namespace parlab::heat
