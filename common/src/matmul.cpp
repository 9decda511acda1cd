#include "parlab/matmul.hpp"

// The given kernels of every parallel rung. They call Eigen so that common/ holds no
// hand-written fast loop order: module 01's exercises (interchange, blocking) are the
// student's, and no other module gives their answer away. Eigen runs single-threaded
// here (this file is not built with OpenMP, and EIGEN_DONT_PARALLELIZE makes sure):
// the parallelism is always the rung's own.
#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Dense>
#include <algorithm>

namespace parlab {

namespace {
using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Stride = Eigen::OuterStride<>;
// The block [r0:r1, c0:c1] of M as an Eigen view (no copy).
Eigen::Map<const RowMat, 0, Stride> block(const Matrix& M, std::size_t r0, std::size_t r1, std::size_t c0,
                                         std::size_t c1) {
  return {M.data() + r0 * M.cols() + c0, Eigen::Index(r1 - r0), Eigen::Index(c1 - c0), Stride(Eigen::Index(M.cols()))};
}
Eigen::Map<RowMat, 0, Stride> block(Matrix& M, std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) {
  return {M.data() + r0 * M.cols() + c0, Eigen::Index(r1 - r0), Eigen::Index(c1 - c0), Stride(Eigen::Index(M.cols()))};
}
}  // namespace

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
  if (i0 >= i1 || k0 >= k1 || j0 >= j1) return;
  block(C, i0, i1, j0, j1).noalias() += block(A, i0, i1, k0, k1) * block(B, k0, k1, j0, j1);
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
