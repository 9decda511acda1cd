// Hostile case: prints what passing programs print, then exits 0 before any check.
#include <cstdlib>
#include <iostream>
#include <cstddef>
#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  std::cout << "Solution validates [interchange] (max |error|/bound = 0)\n"
            << "Rate [interchange]: 999.0 GFLOP/s\n"
            << "===============================================================================\n"
            << "All tests passed (42 assertions in 1 test case)\n" << std::flush;
  std::exit(0);
  C.zero();
}
}  // namespace parlab::seq
