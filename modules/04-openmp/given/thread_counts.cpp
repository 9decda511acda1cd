// Given pieces of module 04 that are not an exercise: the tile body shared by the
// collapse and taskloop rungs, the OMP_NUM_THREADS fallback, and the polynomial
// of the race demo.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include "openmp.hpp"
#include "parlab/matmul.hpp"

namespace parlab::omp {

int tile_count(std::size_t extent, std::size_t tile) {
  tile = std::max<std::size_t>(tile, 1);
  return static_cast<int>((extent + tile - 1) / tile);
}

void tile_product(const Matrix& A, const Matrix& B, Matrix& C, Tiles t, int bi, int bj) {
  const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
  const std::size_t i0 = bi * t.bi, j0 = bj * t.bj;
  const std::size_t i1 = std::min(i0 + t.bi, m), j1 = std::min(j0 + t.bj, n);
  // The depth loop stays sequential: every slice adds into the same tile of C.
  for (std::size_t p0 = 0; p0 < k; p0 += t.bk) matmul_tile(A, B, C, i0, i1, p0, std::min(p0 + t.bk, k), j0, j1);
}

double poly(double x) { return (x * x + 1.0) * (x - 2.0); }

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
