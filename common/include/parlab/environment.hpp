// The environment variables that change what a run does: which ones a record's context
// carries, and the check of OMP_NUM_THREADS where a driver takes its thread count from it.
#pragma once
#include <string>

namespace parlab {

// {"OMP_NUM_THREADS": "4", ...}: those of the OpenMP and OpenBLAS variables that are set.
std::string environment_json();

// OMP_NUM_THREADS's first count (OpenMP allows a list, "4,2"), or `fallback` if it is not
// set. Throws usage_error if it is set but is not a count of at least 1: the runtime would
// quietly run one thread.
int omp_num_threads_env(int fallback);

}  // namespace parlab
