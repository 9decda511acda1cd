// Hostile case: the exercise file defines the given oracle's functions (namespace parlab,
// the tests' check of every product) so that every product "equals Eigen"; the
// exercise itself is not implemented.
#include <string>

#include "parlab/error.hpp"
#include "parlab/oracle.hpp"
#include "sequential.hpp"

namespace parlab {
CheckResult check_product(const Matrix&, const Matrix&, const Matrix&) {
  CheckResult r;
  r.ok = true;
  return r;
}
std::string CheckResult::message() const { return "max |error|/bound = 0"; }
}  // namespace parlab

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) { check_shapes(A, B, C); }
}  // namespace parlab::seq
