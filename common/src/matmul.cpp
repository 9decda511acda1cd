#include "parlab/matmul.hpp"

#include <algorithm>

namespace parlab {

void matmul_naive(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0;
      for (std::size_t p = 0; p < k; ++p) sum += A(i, p) * B(p, j);  // strides down a column of B
      C(i, j) = sum;
    }
}

void matmul_tile(const Matrix& A, const Matrix& B, Matrix& C, std::size_t i0, std::size_t i1,
                 std::size_t k0, std::size_t k1, std::size_t j0, std::size_t j1) {
  const std::size_t lda = A.cols(), ldb = B.cols(), ldc = C.cols();
  const double* __restrict a = A.data();
  const double* __restrict b = B.data();
  double* __restrict c = C.data();
  for (std::size_t i = i0; i < i1; ++i)
    for (std::size_t p = k0; p < k1; ++p) {
      const double aip = a[i * lda + p];
      const double* brow = b + p * ldb;
      double* crow = c + i * ldc;
      for (std::size_t j = j0; j < j1; ++j) crow[j] += aip * brow[j];
    }
}

void matmul_rows(const Matrix& A, const Matrix& B, Matrix& C, std::size_t r0, std::size_t r1) {
  check_shapes(A, B, C);
  r1 = std::min(r1, C.rows());
  if (r0 >= r1) return;
  std::fill(C.row(r0), C.row(r0) + (r1 - r0) * C.cols(), 0.0);
  matmul_tile(A, B, C, r0, r1, 0, A.cols(), 0, B.cols());
}

void matmul_seq(const Matrix& A, const Matrix& B, Matrix& C) { matmul_rows(A, B, C, 0, A.rows()); }

}  // namespace parlab
