// The local kernels behind local_matmul_acc: C[r0:r1, :] += A[r0:r1, :] * B, single-threaded
// (parallelism comes from the ranks, and in 06 from the OpenMP threads calling this).
#include "local_gemm.hpp"

#define EIGEN_DONT_PARALLELIZE  // one thread per call, also where 06 builds with OpenMP
#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <vector>

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
  throw usage_error("--kernel: '" + name + "' is not a local kernel (auto, blas or eigen)");
}

namespace {
using Gemm = void (*)(const Matrix&, const Matrix&, Matrix&, std::size_t, std::size_t);

// GFLOP/s of each kernel on the probe product (0 for one left out): the best of a few
// calls after a warm-up (the first call pays for the BLAS's set-up and the first touch of
// the buffers), the kernels taking turns so that a burst of load elsewhere hits both alike.
std::vector<double> probe_gflops(const std::vector<Gemm>& kernels) {
  Matrix A(probe_rows, probe_depth), B(probe_depth, probe_cols), C(probe_rows, probe_cols);
  A.fill_random(1), B.fill_random(2);
  std::vector<double> best(kernels.size(), 1e30);
  for (int rep = 0; rep < 4; ++rep)
    for (std::size_t i = 0; i < kernels.size(); ++i) {
      if (!kernels[i]) continue;
      const auto t0 = std::chrono::steady_clock::now();
      kernels[i](A, B, C, 0, C.rows());
      const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (rep > 0) best[i] = std::min(best[i], t);  // rep 0: the warm-up
    }
  std::vector<double> rates;
  for (std::size_t i = 0; i < kernels.size(); ++i)
    rates.push_back(kernels[i] ? 2.0 * probe_rows * probe_depth * probe_cols / std::max(best[i], 1e-9) * 1e-9 : 0.0);
  return rates;
}

std::string rate(double gflops) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", gflops);
  return text;
}
}  // namespace

std::string KernelChoice::summary() const {
  std::string why = measured ? "auto: " + (blas_gflops > 0 ? "blas " + rate(blas_gflops) + ", " : std::string()) +
                                   "eigen " + rate(eigen_gflops) + " GFLOP/s"
                             : "forced by --kernel";
  return std::string(kernel_name(kernel)) + " (" + why + ")";
}

std::string KernelChoice::json() const {
  std::string out = "{\"kernel\": \"" + std::string(kernel_name(kernel)) + "\", \"why\": \"" +
                    (measured ? "auto" : "forced") + "\"";
  if (measured)
    out += ", \"probe\": \"" + std::to_string(probe_rows) + "x" + std::to_string(probe_depth) + "x" +
           std::to_string(probe_cols) + "\", \"gflops\": {" +
           (blas_gflops > 0 ? "\"blas\": " + rate(blas_gflops) + ", " : std::string()) + "\"eigen\": " +
           rate(eigen_gflops) + "}";
  return out + "}";
}

KernelChoice choose_local_kernel(const std::string& option, MPI_Comm comm) {
  KernelChoice c;
  if (option != "auto") {
    c.kernel = parse_local_kernel(option);
  } else {
    // Rank 0 measures, every rank takes its numbers: timings differ from rank to rank,
    // and ranks that picked different kernels would compute different roundings.
    double rates[2] = {0, 0};  // blas, eigen
    int me = 0;
    MPI_Comm_rank(comm, &me);
    if (me == 0) {
      const std::vector<double> r = probe_gflops({have_blas() ? gemm_blas : nullptr, gemm_eigen});
      rates[0] = r[0], rates[1] = r[1];
    }
    MPI_Bcast(rates, 2, MPI_DOUBLE, 0, comm);
    c.measured = true;
    c.blas_gflops = rates[0], c.eigen_gflops = rates[1];
    c.kernel = rates[0] > rates[1] ? LocalKernel::blas : LocalKernel::eigen;
  }
  use_local_kernel(c.kernel);
  return c;
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
