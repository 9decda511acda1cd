// Shared by the matmul tests of every module: run a rung on seeded inputs and check
// the product against Eigen within the error bound.
#pragma once
#include "support/catch.hpp"
#include <cstddef>
#include <functional>
#include <string>

#include "parlab/matrix.hpp"
#include "parlab/oracle.hpp"

namespace parlab::testing {

// A (m x k) and B (k x n) come from fixed seeds; C starts as garbage, which must
// not leak into the result. `what` names the case in the failure message.
inline void expect_product(const std::function<void(const Matrix&, const Matrix&, Matrix&)>& rung, std::size_t m,
                           std::size_t k, std::size_t n, const std::string& what = "") {
  Matrix A(m, k), B(k, n), C(m, n);
  A.fill_random(m * 1000 + k);
  B.fill_random(n * 1000 + k + 1);
  C.fill_random(99);
  rung(A, B, C);
  const CheckResult r = check_product(A, B, C);
  INFO(what << (what.empty() ? "" : " ") << "m=" << m << " k=" << k << " n=" << n << ": " << r.message());
  CHECK(r.ok);
}

}  // namespace parlab::testing
