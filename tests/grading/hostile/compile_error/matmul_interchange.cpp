// Hostile case: does not compile (a missing semicolon and an undeclared name).
#include <cstddef>
#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C)
  C.zero();
  undeclared_helper(A, B, C);
}
}  // namespace parlab::seq
