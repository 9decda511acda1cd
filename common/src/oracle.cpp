#include "parlab/oracle.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#ifdef PARLAB_HAVE_BLAS
#include <cblas.h>
#endif

namespace parlab {

namespace {
using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
Eigen::Map<const RowMat> view(const Matrix& M) {
  return Eigen::Map<const RowMat>(M.data(), Eigen::Index(M.rows()), Eigen::Index(M.cols()));
}
Eigen::Map<RowMat> view(Matrix& M) {
  return Eigen::Map<RowMat>(M.data(), Eigen::Index(M.rows()), Eigen::Index(M.cols()));
}
}  // namespace

std::string CheckResult::message() const {
  std::ostringstream os;
  if (ok) {
    os << "max |error|/bound = " << worst_ratio;
  } else {
    os << "C(" << i << "," << j << ") = " << got << " but expected " << want << " (|error| "
       << std::abs(got - want) << " > bound " << bound << ")";
  }
  return os.str();
}

CheckResult check_product(const Matrix& A, const Matrix& B, const Matrix& C) {
  check_shapes(A, B, C);
  const RowMat ref = view(A) * view(B);
  const RowMat absprod = view(A).cwiseAbs() * view(B).cwiseAbs();
  const double scale = 3.0 * double(A.cols()) * std::numeric_limits<double>::epsilon();
  CheckResult r;
  r.ok = true;
  for (std::size_t i = 0; i < C.rows(); ++i)
    for (std::size_t j = 0; j < C.cols(); ++j) {
      const double want = ref(i, j), got = C(i, j);
      // The bound is relative to |A||B|; a tiny absolute floor covers exact zeros.
      const double bound = scale * absprod(i, j) + std::numeric_limits<double>::min();
      const double err = std::abs(got - want);
      const double ratio = std::isfinite(err) ? err / bound : std::numeric_limits<double>::infinity();
      if (ratio > r.worst_ratio || (!std::isfinite(got) && r.ok)) {
        r.worst_ratio = ratio;
        r.i = i, r.j = j, r.got = got, r.want = want, r.bound = bound;
      }
      if (!(err <= bound)) r.ok = false;  // also false for NaN
    }
  return r;
}

void matmul_eigen(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  view(C).noalias() = view(A) * view(B);
}

#ifdef PARLAB_HAVE_BLAS
#ifdef PARLAB_HAVE_OPENBLAS_THREADS
extern "C" void openblas_set_num_threads(int);
#endif
bool have_blas() { return true; }
void set_blas_threads(int threads) {
#ifdef PARLAB_HAVE_OPENBLAS_THREADS
  openblas_set_num_threads(threads);
#else
  (void)threads;
#endif
}
void matmul_blas(const Matrix& A, const Matrix& B, Matrix& C, int threads) {
  check_shapes(A, B, C);
  set_blas_threads(threads);
  const int m = int(A.rows()), k = int(A.cols()), n = int(B.cols());
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0, A.data(), k, B.data(), n, 0.0,
              C.data(), n);
}
#else
bool have_blas() { return false; }
void set_blas_threads(int) {}
void matmul_blas(const Matrix&, const Matrix&, Matrix&, int) {
  throw std::runtime_error("parlab was built without a BLAS (apt install libopenblas-dev, then rebuild)");
}
#endif

}  // namespace parlab
