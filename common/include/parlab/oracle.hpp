// Correctness oracle for matmul: Eigen's product and an error bound that grows with k.
#pragma once
#include <cstdint>
#include <string>

#include "parlab/matrix.hpp"

namespace parlab {

struct CheckResult {
  bool ok = false;
  double worst_ratio = 0;  // max over entries of |C - C_ref| / bound (ok iff <= 1)
  std::size_t i = 0, j = 0;  // where the worst entry is
  double got = 0, want = 0, bound = 0;
  bool freivalds = false;    // compares C x with A (B x): i is the row, j unused
  std::string message() const;  // one line for the "validates" output
};

// |C - A*B| <= 3 k eps (|A| |B|) elementwise, the reference product from Eigen
// (the bound CS267's harness uses). Shape mismatch throws std::invalid_argument.
CheckResult check_product(const Matrix& A, const Matrix& B, const Matrix& C);

// Freivalds' check in O(mk + kn + mn): C x == A (B x) for x in [-1, 1)^n drawn from `draw`,
// within the bound that a C passing check_product and the rounding of the three products
// can give, (5k + n + 16) eps (|A| (|B| |x|)), row by row. A C that is not the product of
// these A and B (another run's, a skipped part, poison left) fails unless x is chosen
// knowing C, so draw it after C is made.
CheckResult check_product_freivalds(const Matrix& A, const Matrix& B, const Matrix& C, std::uint64_t draw);

// Reference rungs. Eigen here is single-threaded; `threads` is for OpenBLAS.
void matmul_eigen(const Matrix& A, const Matrix& B, Matrix& C);
bool have_blas();
void matmul_blas(const Matrix& A, const Matrix& B, Matrix& C, int threads);  // throws if !have_blas()
// The threads every later BLAS call uses (OpenBLAS; other BLAS libraries: no effect).
void set_blas_threads(int threads);
// The threads dgemm runs with when asked for `threads` (OpenBLAS caps it at its build's
// MAX_THREADS); `threads` where the BLAS cannot say.
int blas_threads(int threads);

}  // namespace parlab
