// Exercise 1 - loop interchange.
//
// matmul_naive (common/src/matmul.cpp) computes each C(i,j) as a dot product: its
// innermost loop walks DOWN a column of B, so each step touches a new cache line and
// uses one of its eight doubles. Make the innermost loop walk memory with unit stride
// instead. Same arithmetic, same result (within rounding), several times faster.
#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {

void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  C.zero();
  const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
  // BEGIN SOLUTION
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t p = 0; p < k; ++p) {
      const double a = A(i, p);  // one element of A, reused along a whole row of B
      for (std::size_t j = 0; j < n; ++j) C(i, j) += a * B(p, j);
    }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): C = A * B, computed by three loops whose innermost one reads B and
  // // writes C along a row (consecutive addresses). C is already zero, so you may
  // // accumulate into it.
  // // Constraint: the same multiply-adds as matmul_naive, only in another order; no
  // // library call, no copy or transpose of B.
  // // Look up: "row-major storage", Matrix::operator()(i, j) in common/include/parlab/matrix.hpp.
  // // Think: of the six orders of the loops i, j, p, which ones give the innermost loop
  // // unit stride in both B and C? Which of them keeps one element of A in a register?
  // (void)m, (void)k, (void)n;
  // throw not_implemented("matmul_interchange (modules/01-sequential/matmul_interchange.cpp)");
  // END STUDENT
}

}  // namespace parlab::seq
