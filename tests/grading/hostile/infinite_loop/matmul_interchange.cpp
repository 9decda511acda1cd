// Hostile case: never returns (and ignores SIGTERM, so only SIGKILL ends it).
#include <csignal>
#include <cstddef>
#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  std::signal(SIGTERM, SIG_IGN);
  volatile unsigned long spin = 0;
  for (;;) ++spin;
  C.zero();
}
}  // namespace parlab::seq
