// Hostile case: memoisation. Hashes A and B; on a hit, copies the C it computed for
// them before, else computes (loop interchange, no blocking at all). Every test sees
// new inputs and gets a right product; a benchmark that times the same inputs again
// and again measures a copy. Honest content: interchange, so no blocking points.
#include <cstdint>
#include <cstring>
#include <map>
#include <utility>

#include "sequential.hpp"

namespace parlab::seq {
namespace {
std::uint64_t fnv(const Matrix& M, std::uint64_t h) {
  const auto* p = reinterpret_cast<const unsigned char*>(M.data());
  for (std::size_t i = 0; i < M.size() * sizeof(double); ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  return h ^ M.rows() * 31 ^ M.cols();
}
std::map<std::uint64_t, Matrix>& cache() {
  static std::map<std::uint64_t, Matrix> c;
  return c;
}
}  // namespace

void matmul_blocked(const Matrix& A, const Matrix& B, Matrix& C, Blocking) {
  check_shapes(A, B, C);
  const std::uint64_t key = fnv(B, fnv(A, 0xcbf29ce484222325ull));
  if (auto hit = cache().find(key); hit != cache().end()) {
    std::memcpy(C.data(), hit->second.data(), C.size() * sizeof(double));
    return;
  }
  C.zero();
  for (std::size_t i = 0; i < A.rows(); ++i)
    for (std::size_t p = 0; p < A.cols(); ++p) {
      const double a = A(i, p);
      for (std::size_t j = 0; j < B.cols(); ++j) C(i, j) += a * B(p, j);
    }
  cache().insert_or_assign(key, C);
}
}  // namespace parlab::seq
