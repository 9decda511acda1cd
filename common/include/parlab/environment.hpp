// The environment variables that change what a run does: which ones a record's context
// carries, and the check of OMP_NUM_THREADS where a driver takes its thread count from it.
#pragma once
#include <string>
#include <vector>

namespace parlab {

// {"OMP_NUM_THREADS": "4", ...}: those of the OpenMP and OpenBLAS variables that are set.
std::string environment_json();

// OMP_NUM_THREADS's first count (OpenMP allows a list, "4,2"), or `fallback` if it is not
// set. Throws usage_error if it is set but is not a count of at least 1: the runtime would
// quietly run one thread.
int omp_num_threads_env(int fallback);

// The thread counts a driver runs when --threads is not given, the same in every module
// with threads (03, 04, 06, 07): 1, then P = omp_num_threads_env(the number of cores); just {1}
// when P is 1. A bad OMP_NUM_THREADS is a usage error, as above.
std::vector<int> default_thread_counts();

}  // namespace parlab
