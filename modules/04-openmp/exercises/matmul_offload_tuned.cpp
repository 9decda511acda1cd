// Exercise 9 - the matmul on the accelerator, with a loop mapping of your own.
//
// The given offload rung (given/offload_matmul.cpp) gives each device thread a whole row of
// C: m threads in all, and neighbouring threads read A and B a row apart. A GPU runs tens of
// thousands of threads in groups of 32 (a warp) that load memory together: it is fed when
// many threads have work and neighbours touch neighbouring addresses. How GCC's nvptx back
// end maps OpenMP's levels onto the GPU (teams -> thread blocks, parallel threads -> warps,
// simd lanes -> the 32 threads of a warp) decides how much of your mapping it keeps: that is
// the lesson to measure and explain (REPORT.md).
// Your kernel is called both with its data already on the device (the `offload_tuned` rung:
// the given offload_enter mapped it) and without (`offload_tuned_copies`): keep the map
// clauses, so that in the first case they find the data present and move nothing.
#include <cstddef>

#include "offload.hpp"
#include "parlab/error.hpp"

namespace parlab::omp {

void matmul_offload_tuned(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  const std::size_t m = C.rows(), k = A.cols(), n = C.cols();
  const double* a = A.data();
  const double* b = B.data();
  double* c = C.data();
  // BEGIN SOLUTION
  // Every element of C its own iteration (m * n of them, not m), j innermost: the threads of
  // a warp take consecutive j, so their loads of B's row p and their stores to C coalesce,
  // and all of them read the same a[i * k + p] (one broadcast).
#pragma omp target teams distribute parallel for collapse(2) map(to : a[0 : m * k], b[0 : k * n]) \
    map(from : c[0 : m * n])
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double s = 0;
      for (std::size_t p = 0; p < k; ++p) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): C = A * B (row-major: element (i, j) of C is at c[i * n + j]) in one target
  // // region, with more device threads at work than the given rung's one per row, and
  // // neighbouring threads reading neighbouring elements of B.
  // // Constraint: the region maps a and b `to` and c `from` with their lengths (the rung
  // // without copies depends on it); every element of C written once, by one thread; no
  // // atomics. The sum over p stays in the order p = 0, 1, ... (the check compares with the
  // // host's product).
  // // Look up: `target teams distribute parallel for`, the clauses collapse, map and
  // // num_teams / thread_limit, and `simd` inside a target region (OpenMP 5.x spec, GCC's
  // // "nvptx" offloading page).
  // // Think: which loop do the 32 threads of a warp share out under your mapping, and
  // // what addresses do they load together in one step of p? Predict the speed-up over
  // // `offload` on a GPU; on the host fallback, what does the same mapping do?
  // (void)m, (void)k, (void)n, (void)a, (void)b, (void)c;
  // throw not_implemented("matmul_offload_tuned (modules/04-openmp/exercises/matmul_offload_tuned.cpp)");
  // END STUDENT
}

}  // namespace parlab::omp
