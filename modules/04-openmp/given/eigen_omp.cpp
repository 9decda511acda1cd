// The Eigen reference rung, compiled here WITH OpenMP: Eigen then splits its
// product over Eigen::setNbThreads() threads, so "beats Eigen" compares the same
// number of cores. (common/'s eigen rung is built without OpenMP: 1 thread.)
#include <Eigen/Core>

#include "openmp.hpp"

namespace parlab::omp {

void matmul_eigen_omp(const Matrix& A, const Matrix& B, Matrix& C, int threads) {
  check_shapes(A, B, C);
  using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Index m = A.rows(), k = A.cols(), n = B.cols();
  Eigen::Map<const RowMat> a(A.data(), m, k), b(B.data(), k, n);
  Eigen::Map<RowMat> c(C.data(), m, n);
  Eigen::setNbThreads(threads);
  c.noalias() = a * b;
}

}  // namespace parlab::omp
