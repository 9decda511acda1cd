// Module 04, offload: both offload kernels equal Eigen wherever their target regions run
// (a GPU, or the host fallback where there is none: CI's case), with and without their
// data mapped beforehand, and the device probe says where that is.
#include "support/catch.hpp"
#include <string>

#include "offload.hpp"
#include "parlab/offload.hpp"
#include "support/matmul_check.hpp"

using namespace parlab;

namespace {
using Kernel = void (*)(const Matrix&, const Matrix&, Matrix&);

// The kernel's own maps (the `_copies` rung), and inside offload_enter / offload_exit (the
// resident rung: the maps find the data present).
void check_kernel(Kernel kernel) {
  const auto copies = [kernel](const Matrix& A, const Matrix& B, Matrix& C) { kernel(A, B, C); };
  const auto resident = [kernel](const Matrix& A, const Matrix& B, Matrix& C) {
    omp::offload_enter(A, B, C);
    kernel(A, B, C);
    omp::offload_exit(A, B, C);
  };
  for (std::size_t n : {1, 2, 3, 17, 100, 129}) {
    testing::expect_product(copies, n, n, n, "copies, on " + offload_device());
    testing::expect_product(resident, n, n, n, "resident, on " + offload_device());
  }
  testing::expect_product(copies, 7, 13, 5, "copies");
  testing::expect_product(resident, 33, 300, 70, "resident");
  testing::expect_product(resident, 130, 9, 1, "resident");
}
}  // namespace

TEST_CASE("offload (given) equals Eigen where its target regions run", "[04][offload]") {
  check_kernel(omp::matmul_offload);
}

TEST_CASE("offload_tuned equals Eigen where its target regions run", "[04][offload]") {
  check_kernel(omp::matmul_offload_tuned);
}

TEST_CASE("the device probe names the host fallback or an nvptx device", "[04][offload]") {
  const std::string where = offload_device();
  INFO("offload_device() = " << where);
  CHECK((where == "host-fallback" || where.rfind("nvptx:", 0) == 0));
  CHECK(offload_device() == where);  // asked once: the same answer
  if (where == "host-fallback") CHECK(offload_device_name().empty());  // no GPU to name
}

TEST_CASE("resident data is the device's copy: the kernel reads what offload_enter mapped", "[04][offload]") {
  // On a device the kernel sees A as it was mapped, not the host's later change; on the
  // host fallback there is one copy, so it sees the change. Either way the maps of a
  // resident run moved nothing.
  Matrix A(9, 9), B(9, 9), C(9, 9), mapped(9, 9);
  A.fill_random(1), B.fill_random(2), C.fill_random(3);
  mapped = A;
  omp::offload_enter(A, B, C);
  A.fill_random(4);  // on the host only
  omp::matmul_offload(A, B, C);
  omp::offload_exit(A, B, C);
  const bool device = offload_device() != "host-fallback";
  const CheckResult r = check_product(device ? mapped : A, B, C);
  INFO("on " << offload_device() << ": " << r.message());
  CHECK(r.ok);
}

TEST_CASE("the offload kernels refuse mismatched shapes", "[04][offload]") {
  Matrix A(3, 4), B(5, 6), C(3, 6);
  CHECK_THROWS_AS(omp::matmul_offload(A, B, C), std::invalid_argument);
  CHECK_THROWS_AS(omp::matmul_offload_tuned(A, B, C), std::invalid_argument);
}
