// Hostile case: writes through a null pointer (SIGSEGV) in the middle of a test.
#include <cstddef>
#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  volatile double* p = nullptr;
  *p = A(0, 0) + B(0, 0);
  C.zero();
}
}  // namespace parlab::seq
