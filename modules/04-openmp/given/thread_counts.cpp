// Given: the drivers' default thread counts (1 and OMP_NUM_THREADS, else the cores).
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include "openmp.hpp"
#include "parlab/matmul.hpp"

namespace parlab::omp {

std::vector<int> default_thread_counts(std::string* warning) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int p = cores;
  if (const char* env = std::getenv("OMP_NUM_THREADS")) {
    const std::string text(env);
    const std::string first = text.substr(0, text.find(','));  // "4,2" is a nested list: take the outer level
    char* end = nullptr;
    const long v = first.empty() ? 0 : std::strtol(first.c_str(), &end, 10);
    if (!first.empty() && end && *end == '\0' && v >= 1 && v <= 1024) {
      p = static_cast<int>(v);
    } else if (warning) {
      *warning = "warning: OMP_NUM_THREADS='" + text + "' is not a positive whole number; ignoring it (using " +
                 std::to_string(cores) + " threads, the number of cores; --threads sets the counts)";
    }
  }
  return p == 1 ? std::vector<int>{1} : std::vector<int>{1, p};
}

std::vector<int> driver_thread_counts() {
  std::string warning;
  std::vector<int> counts = default_thread_counts(&warning);
  if (!warning.empty()) std::cerr << warning << '\n';
  return counts;
}

}  // namespace parlab::omp
