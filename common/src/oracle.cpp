#include "parlab/oracle.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

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
  } else if (freivalds) {
    os << "(C x)(" << i << ") = " << got << " but A (B x) gives " << want << " (|error| " << std::abs(got - want)
       << " > bound " << bound << "): C is not A * B";
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

namespace {
// M x, or |M| |x| (`abs`): plain loops, no temporary matrix.
std::vector<double> times(const Matrix& M, const std::vector<double>& x, bool abs) {
  std::vector<double> y(M.rows(), 0.0);
  for (std::size_t i = 0; i < M.rows(); ++i) {
    const double* row = M.row(i);
    double s = 0;
    for (std::size_t j = 0; j < M.cols(); ++j) s += abs ? std::abs(row[j]) * std::abs(x[j]) : row[j] * x[j];
    y[i] = s;
  }
  return y;
}
}  // namespace

CheckResult check_product_freivalds(const Matrix& A, const Matrix& B, const Matrix& C, std::uint64_t draw) {
  check_shapes(A, B, C);
  std::mt19937_64 gen(draw);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  std::vector<double> x(C.cols());
  for (double& v : x) v = dist(gen);
  const std::vector<double> want = times(A, times(B, x, false), false), got = times(C, x, false);
  const std::vector<double> mag = times(A, times(B, x, true), true);
  // |C x - A (B x)| <= |C - AB| |x| + the rounding of C x (gamma_n |C| |x|) and of A (B x)
  // (2 gamma_k |A| |B| |x|): 3k + n + 2k units of eps times |A| |B| |x|; 16 more for the
  // second-order terms and the rounding of |A| (|B| |x|) itself.
  const double k = double(A.cols()), n = double(C.cols());
  const double scale = (5.0 * k + n + 16.0) * std::numeric_limits<double>::epsilon();
  CheckResult r;
  r.ok = true;
  r.freivalds = true;
  for (std::size_t i = 0; i < C.rows(); ++i) {
    const double bound = scale * mag[i] + std::numeric_limits<double>::min();
    const double err = std::abs(got[i] - want[i]);
    const double ratio = std::isfinite(err) ? err / bound : std::numeric_limits<double>::infinity();
    if (ratio > r.worst_ratio || (!std::isfinite(got[i]) && r.ok)) {
      r.worst_ratio = ratio;
      r.i = i, r.got = got[i], r.want = want[i], r.bound = bound;
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
extern "C" int openblas_get_num_threads();
#endif
bool have_blas() { return true; }
void set_blas_threads(int threads) {
#ifdef PARLAB_HAVE_OPENBLAS_THREADS
  openblas_set_num_threads(threads);
#else
  (void)threads;
#endif
}
int blas_threads(int threads) {
#ifdef PARLAB_HAVE_OPENBLAS_THREADS
  openblas_set_num_threads(threads);
  return openblas_get_num_threads();
#else
  return threads;
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
int blas_threads(int threads) { return threads; }
void matmul_blas(const Matrix&, const Matrix&, Matrix&, int) {
  throw std::runtime_error("parlab was built without a BLAS (apt install libopenblas-dev, then rebuild)");
}
#endif

}  // namespace parlab
