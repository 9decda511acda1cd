// Hostile case: floods its output (would fill the disk without a file-size limit).
#include <cstdio>
#include <cstddef>
#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  static char line[4096];
  for (auto& c : line) c = 'x';
  line[sizeof line - 1] = 0;
  for (;;) std::puts(line);
  C.zero();
}
}  // namespace parlab::seq
