// The team an OpenMP parallel region asking for `requested` threads really gets
// (OMP_THREAD_LIMIT, OMP_DYNAMIC may give fewer): what a record must count. Header-only,
// for the drivers built with OpenMP (common/ is not).
#pragma once
#include <omp.h>

namespace parlab {

inline int omp_team_size(int requested) {
  int size = 0;
#pragma omp parallel num_threads(requested)
  {
#pragma omp master
    size = omp_get_num_threads();
  }
  return size;
}

}  // namespace parlab
