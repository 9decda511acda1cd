// Matrix storage, the shape check and the error-bound oracle.
#include "support/catch.hpp"
#include <cstdint>

#include "parlab/matmul.hpp"
#include "parlab/matrix.hpp"
#include "parlab/oracle.hpp"

using namespace parlab;

TEST_CASE("Matrix is row-major, zeroed, 64-byte aligned and copyable", "[matrix]") {
  Matrix M(3, 5);
  CHECK(M.rows() == 3);
  CHECK(M.cols() == 5);
  CHECK(reinterpret_cast<std::uintptr_t>(M.data()) % 64 == 0);
  for (std::size_t i = 0; i < M.size(); ++i) CHECK(M.data()[i] == 0.0);
  M(1, 2) = 7.0;
  CHECK(M.data()[1 * 5 + 2] == 7.0);
  CHECK(M.row(1)[2] == 7.0);
  Matrix copy = M;
  copy(1, 2) = 1.0;
  CHECK(M(1, 2) == 7.0);
  CHECK(M.shape() == "3x5");
  CHECK_THROWS_AS(Matrix(0, 3), std::invalid_argument);
}

TEST_CASE("reshape reuses the storage: same memory, new shape, never more than allocated", "[matrix]") {
  Matrix M(4, 6);
  const double* storage = M.data();
  M(0, 5) = 3.0;
  M.reshape(6, 4);  // all of it, seen differently: element 5 is now (1, 1)
  CHECK(M.rows() == 6);
  CHECK(M.cols() == 4);
  CHECK(M.data() == storage);
  CHECK(M(1, 1) == 3.0);
  M.reshape(2, 5);  // a narrower panel in the same buffer
  CHECK(M.size() == 10);
  CHECK(M.data() == storage);
  M.reshape(4, 6);  // and back to the full size
  CHECK(M(0, 5) == 3.0);
  CHECK_THROWS_AS(M.reshape(5, 5), std::invalid_argument);
  CHECK_THROWS_AS(M.reshape(25, 1), std::invalid_argument);
  CHECK_THROWS_AS(M.reshape(0, 4), std::invalid_argument);
  CHECK_THROWS_AS(Matrix().reshape(1, 1), std::invalid_argument);
  Matrix copy = M;  // a copy owns what it shows, no more
  copy.reshape(2, 5);
  CHECK_THROWS_AS(copy.reshape(4, 7), std::invalid_argument);
  copy.reuse(4, 7);  // reuse allocates what reshape refuses
  CHECK(copy.rows() == 4);
  CHECK(copy.cols() == 7);
  copy.reuse(3, 3);  // ...and keeps it when it fits
  const double* kept = copy.data();
  copy.reuse(7, 4);
  CHECK(copy.data() == kept);
  CHECK_THROWS_AS(copy.reuse(0, 1), std::invalid_argument);
}

// (No brackets in test names: CMake reads "[" in a list as the start of a quoted block.)
TEST_CASE("fill_random is reproducible and stays within -1 (inclusive) to 1 (exclusive)", "[matrix]") {
  Matrix a(16, 16), b(16, 16), c(16, 16);
  a.fill_random(7);
  b.fill_random(7);
  c.fill_random(8);
  bool same = true, differs = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    same = same && a.data()[i] == b.data()[i];
    differs = differs || a.data()[i] != c.data()[i];
    CHECK(a.data()[i] >= -1.0);
    CHECK(a.data()[i] < 1.0);
  }
  CHECK(same);
  CHECK(differs);
}

TEST_CASE("shape mismatches are refused with both shapes in the message", "[matrix]") {
  Matrix A(3, 4), B(5, 2), C(3, 2);
  try {
    check_shapes(A, B, C);
    FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()).find("A is 3x4, B is 5x2") != std::string::npos);
  }
  Matrix B2(4, 2), Cbad(2, 2);
  CHECK_NOTHROW(check_shapes(A, B2, C));
  CHECK_THROWS_AS(check_shapes(A, B2, Cbad), std::invalid_argument);
  CHECK_THROWS_AS(matmul_naive(A, B, C), std::invalid_argument);
  CHECK_THROWS_AS(check_product(A, B, C), std::invalid_argument);
}

TEST_CASE("the error bound accepts the exact product and catches one perturbed entry", "[oracle]") {
  const std::size_t n = 37;
  Matrix A(n, n), B(n, n), C(n, n);
  A.fill_random(1);
  B.fill_random(2);
  matmul_eigen(A, B, C);
  CHECK(check_product(A, B, C).ok);
  matmul_naive(A, B, C);  // a different summation order stays within the bound
  const CheckResult good = check_product(A, B, C);
  CHECK(good.ok);
  CHECK(good.worst_ratio < 1.0);

  C(5, 9) += 1e-6;  // far above 3 n eps |A||B| ~ 1e-13
  const CheckResult bad = check_product(A, B, C);
  CHECK_FALSE(bad.ok);
  CHECK(bad.i == 5);
  CHECK(bad.j == 9);
  CHECK(bad.message().find("C(5,9)") != std::string::npos);

  matmul_naive(A, B, C);
  C(0, 0) = std::numeric_limits<double>::quiet_NaN();
  CHECK_FALSE(check_product(A, B, C).ok);
}

TEST_CASE("Freivalds' check accepts every right product and catches a wrong entry, a stale C and poison",
          "[oracle]") {
  const std::size_t m = 29, k = 41, n = 23;
  Matrix A(m, k), B(k, n), C(m, n);
  A.fill_random(3);
  B.fill_random(4);
  for (std::uint64_t draw = 0; draw < 20; ++draw) {  // the bound holds whatever x is drawn
    matmul_eigen(A, B, C);
    CHECK(check_product_freivalds(A, B, C, draw).ok);
    matmul_naive(A, B, C);  // another summation order
    CHECK(check_product_freivalds(A, B, C, draw).ok);
  }
  C(7, 11) += 1e-6;  // far above the bound, ~(5k + n) eps |A||B||x| ~ 1e-12
  const CheckResult bad = check_product_freivalds(A, B, C, 5);
  CHECK_FALSE(bad.ok);
  CHECK(bad.i == 7);
  CHECK(bad.message().find("(C x)(7)") != std::string::npos);

  matmul_naive(A, B, C);  // the product of other inputs: another run's
  B.fill_random(5);
  CHECK_FALSE(check_product_freivalds(A, B, C, 6).ok);
  matmul_naive(A, B, C);
  C(m - 1, n - 1) = std::numeric_limits<double>::quiet_NaN();  // poison left in one entry
  CHECK_FALSE(check_product_freivalds(A, B, C, 7).ok);
  CHECK_THROWS_AS(check_product_freivalds(A, Matrix(n, k), C, 1), std::invalid_argument);
}

TEST_CASE("matmul_tile and matmul_rows compute their part only", "[matmul]") {
  Matrix A(6, 4), B(4, 5), C(6, 5), R(6, 5);
  A.fill_random(3);
  B.fill_random(4);
  matmul_eigen(A, B, R);
  matmul_rows(A, B, C, 2, 4);
  for (std::size_t i = 0; i < 6; ++i)
    for (std::size_t j = 0; j < 5; ++j)
      if (i >= 2 && i < 4)
        CHECK(C(i, j) == Approx(R(i, j)));
      else
        CHECK(C(i, j) == 0.0);
  matmul_seq(A, B, C);
  CHECK(check_product(A, B, C).ok);
}

TEST_CASE("the BLAS reference rung agrees with Eigen", "[oracle]") {
  if (!have_blas()) {
    WARN("built without BLAS: skipped");
    return;
  }
  Matrix A(33, 17), B(17, 29), C(33, 29);
  A.fill_random(5);
  B.fill_random(6);
  matmul_blas(A, B, C, 1);
  CHECK(check_product(A, B, C).ok);
}
