// The local kernels behind local_matmul_acc: C[r0:r1, :] += A[r0:r1, :] * B, single-threaded
// (parallelism comes from the ranks, and in 06 from the OpenMP threads calling this).
#include "local_gemm.hpp"

#define EIGEN_DONT_PARALLELIZE  // one thread per call, also where 06 builds with OpenMP
#include <Eigen/Dense>
#include <atomic>
#include <mutex>

#include "mpi.hpp"
#include "parlab/error.hpp"
#include "parlab/oracle.hpp"
#include "time_split.hpp"

#ifdef PARLAB_HAVE_BLAS
#include <cblas.h>
#endif

namespace parlab::mpi05 {

namespace {
std::atomic<LocalKernel> current{default_local_kernel()};

using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void gemm_eigen(const Matrix& A, const Matrix& B, Matrix& C, std::size_t r0, std::size_t r1) {
  const auto m = Eigen::Index(r1 - r0), k = Eigen::Index(A.cols()), n = Eigen::Index(B.cols());
  Eigen::Map<RowMat> c(C.row(r0), m, n);
  c.noalias() += Eigen::Map<const RowMat>(A.row(r0), m, k) * Eigen::Map<const RowMat>(B.data(), k, n);
}

void gemm_blas(const Matrix& A, const Matrix& B, Matrix& C, std::size_t r0, std::size_t r1) {
#ifdef PARLAB_HAVE_BLAS
  // Threads come from the ranks (and 06's OpenMP threads): none inside the BLAS. Once,
  // before the first call, since several threads may get here at the same time.
  static std::once_flag once;
  std::call_once(once, [] { set_blas_threads(1); });
  const int m = int(r1 - r0), k = int(A.cols()), n = int(B.cols());
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0, A.row(r0), k, B.data(), n, 1.0, C.row(r0), n);
#else
  (void)A, (void)B, (void)C, (void)r0, (void)r1;
  throw std::logic_error("local kernel blas in a build without a BLAS");  // parse_local_kernel refuses it
#endif
}
}  // namespace

LocalKernel default_local_kernel() { return have_blas() ? LocalKernel::blas : LocalKernel::eigen; }

LocalKernel parse_local_kernel(const std::string& name) {
  if (name == "eigen") return LocalKernel::eigen;
  if (name == "blas") {
    if (!have_blas())
      throw usage_error("--kernel blas: parlab was built without a BLAS (apt install libopenblas-dev, then "
                        "rebuild); use --kernel eigen");
    return LocalKernel::blas;
  }
  throw usage_error("--kernel: '" + name + "' is not a local kernel (blas or eigen)");
}

const char* kernel_name(LocalKernel k) { return k == LocalKernel::blas ? "blas" : "eigen"; }
void use_local_kernel(LocalKernel k) { current = k; }
LocalKernel local_kernel() { return current; }

void local_matmul_acc(const Matrix& A, const Matrix& B, Matrix& C, std::size_t r0, std::size_t r1) {
  r1 = std::min(r1, C.rows());
  if (r0 >= r1 || A.cols() == 0 || B.cols() == 0) return;
  const PhaseTimer timed(Phase::compute);  // the compute share of the time split, when one is recorded
  if (current == LocalKernel::blas)
    gemm_blas(A, B, C, r0, r1);
  else
    gemm_eigen(A, B, C, r0, r1);
}

void local_matmul_rows(const Matrix& A, const Matrix& B, Matrix& C, std::size_t r0, std::size_t r1) {
  r1 = std::min(r1, C.rows());
  if (r0 >= r1) return;
  std::fill(C.row(r0), C.row(r0) + (r1 - r0) * C.cols(), 0.0);
  local_matmul_acc(A, B, C, r0, r1);
}

void local_matmul(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  local_matmul_rows(A, B, C, 0, C.rows());
}

}  // namespace parlab::mpi05
