// The given offload rung and the data movement around it (given/offload.hpp).
#include <cstddef>
#include <string_view>

#include "offload.hpp"
#include "parlab/offload.hpp"
#include "parlab/rung_labels.hpp"

namespace parlab::omp {

void matmul_offload(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  const std::size_t m = C.rows(), k = A.cols(), n = C.cols();
  const double* a = A.data();
  const double* b = B.data();
  double* c = C.data();
  // The rows of C over the teams and their threads; each thread walks its row of C and
  // reads A's row i and all of B.
#pragma omp target teams distribute parallel for map(to : a[0 : m * k], b[0 : k * n]) map(from : c[0 : m * n])
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      double s = 0;
      for (std::size_t p = 0; p < k; ++p) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
}

// [[maybe_unused]]: GCC 12 counts no use in a standalone data directive (-Wunused-variable).
void offload_enter(const Matrix& A, const Matrix& B, const Matrix& C) {
  [[maybe_unused]] const double* a = A.data();
  [[maybe_unused]] const double* b = B.data();
  [[maybe_unused]] const double* c = C.data();
  const std::size_t na = A.size(), nb = B.size(), nc = C.size();
#pragma omp target enter data map(to : a[0 : na], b[0 : nb]) map(alloc : c[0 : nc])
}

void offload_exit(const Matrix& A, const Matrix& B, Matrix& C) {
  [[maybe_unused]] const double* a = A.data();
  [[maybe_unused]] const double* b = B.data();
  [[maybe_unused]] double* c = C.data();
  const std::size_t na = A.size(), nb = B.size(), nc = C.size();
#pragma omp target exit data map(from : c[0 : nc]) map(release : a[0 : na], b[0 : nb])
}

std::vector<MatmulRung> offload_pair(const std::string& name, const std::string& copies_name, const std::string& what,
                                     std::string_view label, Kernel kernel, const std::string& device) {
  const MatmulFn run = [kernel](const Matrix& A, const Matrix& B, Matrix& C, int) { kernel(A, B, C); };
  MatmulRung resident{name, manifest::about(what + ", data resident (copies untimed)", label), run};
  resident.device = [&device](const Matrix& A, const Matrix& B, Matrix& C) {
    return Offload{device, Fence::transfers_excluded, [&] { offload_enter(A, B, C); }, nullptr,
                   [&] { offload_exit(A, B, C); }};
  };
  MatmulRung copies{copies_name, manifest::about(what + ", A and B in, C out: timed", label), run};
  copies.device = [&device](const Matrix&, const Matrix&, Matrix&) {
    return Offload{device, Fence::data_back, nullptr, nullptr, nullptr};
  };
  const auto describe = [&device](Record& r) { describe_offload(r, device); };
  resident.describe = copies.describe = describe;
  return {std::move(resident), std::move(copies)};
}

}  // namespace parlab::omp
