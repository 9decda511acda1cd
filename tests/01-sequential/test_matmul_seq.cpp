// Module 01: every rung of the sequential ladder equals Eigen within the error bound.
#include "support/catch.hpp"

#include "parlab/matmul.hpp"
#include "parlab/oracle.hpp"
#include "sequential.hpp"
#include "support/matmul_check.hpp"

using namespace parlab;

namespace {
using testing::expect_product;
const std::size_t kSizes[] = {1, 2, 3, 17, 64, 100, 129};
}  // namespace

TEST_CASE("naive matmul equals Eigen", "[01][matmul]") {
  for (auto n : kSizes) expect_product(matmul_naive, n, n, n);
  expect_product(matmul_naive, 7, 13, 5);
}

TEST_CASE("interchange matmul equals Eigen", "[01][matmul]") {
  for (auto n : kSizes) expect_product(seq::matmul_interchange, n, n, n);
  expect_product(seq::matmul_interchange, 7, 13, 5);
  expect_product(seq::matmul_interchange, 1, 64, 130);
}

TEST_CASE("blocked matmul equals Eigen, also where tiles do not divide n", "[01][matmul]") {
  auto blocked = [](const Matrix& A, const Matrix& B, Matrix& C) { seq::matmul_blocked(A, B, C); };
  for (auto n : kSizes) expect_product(blocked, n, n, n);
  expect_product(blocked, 7, 13, 5);
  expect_product(blocked, 130, 300, 520);  // larger than one default tile in every direction
  for (seq::Blocking b : {seq::Blocking{1, 1, 1}, seq::Blocking{3, 5, 7}, seq::Blocking{16, 16, 16}}) {
    auto small = [b](const Matrix& A, const Matrix& B, Matrix& C) { seq::matmul_blocked(A, B, C, b); };
    for (auto n : {std::size_t(17), std::size_t(64), std::size_t(100)}) expect_product(small, n, n, n);
    expect_product(small, 19, 23, 29);
  }
}

TEST_CASE("the sequential rungs refuse mismatched shapes", "[01][matmul]") {
  Matrix A(3, 4), B(5, 3), C(3, 3);
  CHECK_THROWS_AS(seq::matmul_interchange(A, B, C), std::invalid_argument);
  CHECK_THROWS_AS(seq::matmul_blocked(A, B, C), std::invalid_argument);
}
