// Exercise 9 - the grids live on the device (rungs offload and offload_copies; the given
// offload_naive, given/heat_offload.cpp, is the same sweep with the grids mapped every step).
//
// The steps are given (heat_offload_steps, given/heat_offload.cpp): the very loop of
// offload_naive, one sweep_device per step. Whether a step moves 24 bytes a point over the
// link or none depends only on what is already on the device when it runs: your part is the
// data mapping around that loop, and nothing else.
//
// A GPU's memory streams several times faster than the CPU's, but the link between them (PCIe,
// NVLink) is slower than either: a step that sends both grids over and one back moves 24
// bytes a point across it to do 16 bytes of work in the GPU's memory. Put the grids on the
// device once, sweep there, and bring back only the answer.
#include <cstddef>

#include "heat_offload.hpp"
#include "parlab/error.hpp"

namespace parlab::heat {

void heat_offload_enter(const Problem& p, Field& u, Field& tmp) {
  init_field(p, u);
  init_field(p, tmp);  // the boundary is in both grids, and never written again
  // BEGIN SOLUTION
  [[maybe_unused]] const double* a = u.v.data();  // (GCC 12 counts no use in a standalone data directive)
  [[maybe_unused]] const double* b = tmp.v.data();
  const std::size_t n = u.v.size();
#pragma omp target enter data map(to : a[0 : n], b[0 : n])
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): both grids, as init_field left them, on the device from now on, until
  // // heat_offload_exit releases them.
  // // Constraint: one copy of each grid to the device here, and none in heat_offload_steps.
  // // Look up: `#pragma omp target enter data`, map types (to, alloc), array sections.
  // // Think: does the device need tmp's inside, or only its boundary? What would an
  // // uninitialised boundary on the device do to the field?
  // throw not_implemented("heat_offload_enter (modules/07-heat/exercises/heat_offload.cpp)");
  // END STUDENT
}

void heat_offload_exit(Field& u, Field& tmp) {
  // BEGIN SOLUTION
  [[maybe_unused]] double* a = u.v.data();
  [[maybe_unused]] const double* b = tmp.v.data();
  const std::size_t n = u.v.size();
#pragma omp target exit data map(from : a[0 : n]) map(release : b[0 : n])
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): u's final field back on the host, and both grids released on the device.
  // // Constraint: one grid crosses the link, not two.
  // // Look up: `#pragma omp target exit data`, map types (from, release, delete).
  // // Think: predict this copy's time from the link's bandwidth; how many steps cost as much?
  // (void)u, (void)tmp;
  // throw not_implemented("heat_offload_exit (modules/07-heat/exercises/heat_offload.cpp)");
  // END STUDENT
}

}  // namespace parlab::heat
