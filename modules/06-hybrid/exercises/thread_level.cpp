// Exercise 3 - which MPI thread level does a hybrid program need?
//
// MPI_Init_thread takes the level the program needs and says which one the library
// gives. Asking too little is a bug that no test may catch (two threads inside MPI
// at once under FUNNELED is undefined behaviour); asking too much can cost speed (a
// MULTIPLE library takes locks on every call). Decide it from how the code calls MPI.
#include <mpi.h>

#include <stdexcept>

#include "hybrid.hpp"
#include "parlab/error.hpp"

namespace parlab::hybrid {

int required_thread_level(const MpiUse& use) {
  // BEGIN SOLUTION
  if (!use.threads && (use.calls_in_parallel || use.concurrent || !use.only_main_thread))
    throw std::invalid_argument("required_thread_level: a program without threads has no parallel region, "
                                "no other thread and no concurrent MPI calls");
  if (use.concurrent && use.only_main_thread)
    throw std::invalid_argument("required_thread_level: concurrent MPI calls need two threads calling MPI, "
                                "but only the main thread calls it");
  if (!use.threads) return MPI_THREAD_SINGLE;
  if (use.concurrent) return MPI_THREAD_MULTIPLE;         // e.g. each thread sends its own halo
  if (!use.only_main_thread) return MPI_THREAD_SERIALIZED;  // e.g. inside `omp single` or `critical`
  return MPI_THREAD_FUNNELED;  // main thread only: outside regions, or in `omp masked`
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): return the LOWEST of MPI_THREAD_SINGLE, _FUNNELED, _SERIALIZED and
  // // _MULTIPLE that makes a program using MPI as `use` describes correct, and throw
  // // std::invalid_argument for a description that cannot happen: fields that contradict
  // // each other (e.g. concurrent MPI calls in a program without threads). Read each
  // // field's comment in hybrid.hpp: which pairs of them can never both hold?
  // // Constraint: "lowest": a library may be slower at a higher level.
  // // Look up: MPI_Init_thread and the four levels in the MPI standard (section
  // // "MPI and Threads"); OpenMP's `masked` (formerly `master`) and `single`.
  // // Think: an `omp single` block calls MPI_Send. Which thread runs it, and why is
  // // FUNNELED then not enough? Which level does this module's farm need, and why?
  // (void)use;
  // throw not_implemented("required_thread_level (modules/06-hybrid/exercises/thread_level.cpp)");
  // END STUDENT
}

}  // namespace parlab::hybrid
