// Hostile case: allocates (and touches) memory until something stops it.
#include <cstddef>
#include <cstring>
#include <vector>

#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  std::vector<char*> hoard;
  for (;;) {
    char* p = new char[64u << 20];  // throws std::bad_alloc at the memory limit
    std::memset(p, 1, 64u << 20);
    hoard.push_back(p);
  }
  C.zero();
}
}  // namespace parlab::seq
