// Hostile case (module 03): the 1-thread run does 1.5x the work (half of the rows twice),
// and on more threads the calling thread does all the work while the others only spin,
// half of the time (so the 2-thread run keeps about 1.5 cores busy: busy enough for the
// idle-workers check, not over its 2 cores). Against its own 1-thread run that is a 1.5x
// "speedup" with no parallel work, and each check of the old rule held: the 1-thread run
// costs the CPU of the 2-thread run (under 1.8x) and keeps its core busy.
// Honest content: one core's worth of work, so no scaling points.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "parlab/error.hpp"
#include "parlab/matmul.hpp"
#include "threads.hpp"
#include "workers.hpp"

namespace parlab::threads {

void matmul_row_blocks(const Matrix& A, const Matrix& B, Matrix& C, int threads) {
  check_shapes(A, B, C);
  check_threads(threads);
  const auto m = C.rows();
  if (threads == 1) {
    matmul_rows(A, B, C, 0, m / 2);  // the extra half: thrown away by the next call
    matmul_rows(A, B, C, 0, m);
    return;
  }
  std::atomic<bool> done{false};
  std::vector<std::thread> spinners;
  for (int t = 1; t < threads; ++t)
    spinners.emplace_back([&done] {
      using clock = std::chrono::steady_clock;
      while (!done.load(std::memory_order_relaxed)) {
        const auto until = clock::now() + std::chrono::microseconds(100);
        while (clock::now() < until) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(100));
      }
    });
  matmul_rows(A, B, C, 0, m);
  done = true;
  for (auto& s : spinners) s.join();
}

}  // namespace parlab::threads
