// Given: one block of a rank's local product, C[rows, cols] = A[rows, :] * B[:, cols], with
// the kernel module 05 chose (local_gemm.hpp: BLAS dgemm or Eigen, one thread per call).
// Exercise 1's threads each call it once on their own block of C.
#include "hybrid.hpp"

#define EIGEN_DONT_PARALLELIZE  // one thread per call: the threads are exercise 1's
#include <Eigen/Dense>
#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <string>

#include "parlab/oracle.hpp"

#ifdef PARLAB_HAVE_BLAS
#include <cblas.h>
#endif

namespace parlab::hybrid {

namespace {
using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Strided = Eigen::OuterStride<>;

bool inside(Range r, std::size_t n) { return 0 <= r.begin && r.begin <= r.end && r.end <= long(n); }
}  // namespace

void local_matmul_block(const Matrix& A, const Matrix& B, Matrix& C, Range rows, Range cols) {
  check_shapes(A, B, C);
  if (!inside(rows, C.rows()) || !inside(cols, C.cols()))
    throw std::invalid_argument("local_matmul_block: rows [" + std::to_string(rows.begin) + ", " + std::to_string(rows.end) +
                                ") x cols [" + std::to_string(cols.begin) + ", " + std::to_string(cols.end) + ") outside C (" +
                                std::to_string(C.rows()) + " x " + std::to_string(C.cols()) + ")");
  const long m = rows.size(), n = cols.size(), k = long(A.cols());
  if (m == 0 || n == 0) return;
  const double* a = A.data() + rows.begin * k;
  const double* b = B.data() + cols.begin;
  double* c = C.data() + rows.begin * long(C.cols()) + cols.begin;
  const long ldb = long(B.cols()), ldc = long(C.cols());
#ifdef PARLAB_HAVE_BLAS
  if (mpi05::local_kernel() == mpi05::LocalKernel::blas) {
    static std::once_flag once;  // threads come from exercise 1, none inside the BLAS
    std::call_once(once, [] { set_blas_threads(1); });
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(m), int(n), int(k), 1.0, a, int(std::max(k, 1L)), b, int(ldb),
                0.0, c, int(ldc));
    return;
  }
#endif
  Eigen::Map<RowMat, 0, Strided> cb(c, m, n, Strided(ldc));
  cb.noalias() = Eigen::Map<const RowMat, 0, Strided>(a, m, k, Strided(std::max(k, 1L))) *
                 Eigen::Map<const RowMat, 0, Strided>(b, k, n, Strided(ldb));
}

}  // namespace parlab::hybrid
