// Hostile case (module 04): on 2 threads one thread computes every row while the other
// only spins (it looks busy: the 2-thread run keeps 2 cores busy), and the 1-thread run
// does 1.6x the work (three fifths of the rows twice). Against its own 1-thread run
// that is a 1.6x "speedup" with no parallel work, and each check of the old rule held
// (1.6x the CPU of the 2-thread run is under 1.8x; one thread at 0.15 of seq passes the
// 0.12 gate). Honest content: one core's worth of work, so no scaling points.
#include <atomic>

#include "openmp.hpp"
#include "parlab/error.hpp"
#include "parlab/matmul.hpp"

namespace parlab::omp {

void matmul_parallel_rows(const Matrix& A, const Matrix& B, Matrix& C, int threads) {
  check_shapes(A, B, C);
  const long m = static_cast<long>(C.rows());
  if (threads == 1) {
    for (long i = 0; i < 3 * m / 5; ++i) matmul_rows(A, B, C, i, i + 1);  // recomputed below
    for (long i = 0; i < m; ++i) matmul_rows(A, B, C, i, i + 1);
    return;
  }
  std::atomic<bool> done{false};
#pragma omp parallel num_threads(threads)
  {
#pragma omp master
    {
      for (long i = 0; i < m; ++i) matmul_rows(A, B, C, i, i + 1);
      done = true;
    }
    while (!done.load(std::memory_order_relaxed)) {
    }
  }
}

}  // namespace parlab::omp
