// Module 04: every OpenMP matmul rung equals Eigen, on 1, 2, 3 and 5 threads, for
// sizes that do not divide any tile (1, 2, 3, 17, 100, 129) and rectangular shapes.
#include "support/catch.hpp"
#include <functional>

#include "openmp.hpp"
#include "parlab/oracle.hpp"
#include "support/matmul_check.hpp"

using namespace parlab;

namespace {
using Rung = std::function<void(const Matrix&, const Matrix&, Matrix&, int)>;

void expect_product(const Rung& rung, std::size_t m, std::size_t k, std::size_t n, int threads) {
  testing::expect_product([&](auto& A, auto& B, auto& C) { rung(A, B, C, threads); }, m, k, n,
                          "threads=" + std::to_string(threads));
}

const int kThreads[] = {1, 2, 3, 5};
const std::size_t kSizes[] = {1, 2, 3, 17, 100, 129};

void check_rung(const Rung& rung) {
  for (int t : kThreads) {
    for (auto n : kSizes) expect_product(rung, n, n, n, t);
    expect_product(rung, 7, 13, 5, t);     // rectangular, smaller than one tile
    expect_product(rung, 33, 300, 70, t);  // deeper than one depth block
    expect_product(rung, 130, 9, 1, t);    // a single column
  }
}
}  // namespace

TEST_CASE("parallel_rows equals Eigen on 1, 2, 3, 5 threads", "[04][matmul]") {
  check_rung(omp::matmul_parallel_rows);
}

TEST_CASE("collapse equals Eigen, also with tiles that do not divide n", "[04][matmul]") {
  check_rung([](auto& A, auto& B, auto& C, int t) { omp::matmul_collapse(A, B, C, t); });
  for (omp::Tiles tiles : {omp::Tiles{1, 1, 1}, omp::Tiles{3, 5, 7}, omp::Tiles{16, 16, 16}})
    for (int t : kThreads) expect_product([&](auto& A, auto& B, auto& C, int th) { omp::matmul_collapse(A, B, C, th, tiles); },
                                          19, 23, 29, t);
}

TEST_CASE("tiled (packed register tiles) equals Eigen, edges of every block included", "[04][matmul]") {
  check_rung([](auto& A, auto& B, auto& C, int t) { omp::matmul_tiled(A, B, C, t); });
  // Small blocks, so that every loop of the nest runs several times with a remainder
  // (every tile and blocking the machine may choose: test_gemm_tuning.cpp).
  const omp::kernel::Params small{{}, {20, 7, 40}};
  for (int t : kThreads) {
    auto rung = [&](auto& A, auto& B, auto& C, int th) { omp::matmul_tiled(A, B, C, th, small); };
    expect_product(rung, 67, 45, 83, t);
    expect_product(rung, 129, 129, 129, t);
  }
}

TEST_CASE("tasks (divide and conquer) equals Eigen, also with tiny leaves", "[04][matmul]") {
  check_rung([](auto& A, auto& B, auto& C, int t) { omp::matmul_tasks(A, B, C, t); });
  for (int t : kThreads)
    for (std::size_t leaf : {1, 5, 16})
      expect_product([&](auto& A, auto& B, auto& C, int th) { omp::matmul_tasks(A, B, C, th, leaf); }, 37, 41, 29, t);
}

TEST_CASE("taskloop equals Eigen", "[04][matmul]") {
  check_rung([](auto& A, auto& B, auto& C, int t) { omp::matmul_taskloop(A, B, C, t); });
  for (int t : kThreads)
    expect_product([](auto& A, auto& B, auto& C, int th) { omp::matmul_taskloop(A, B, C, th, omp::Tiles{3, 5, 7}); },
                   19, 23, 29, t);
}

TEST_CASE("the multi-threaded Eigen reference equals the oracle", "[04][matmul]") {
  for (int t : kThreads) expect_product(omp::matmul_eigen_omp, 100, 100, 100, t);
}

TEST_CASE("the OpenMP rungs refuse mismatched shapes", "[04][matmul]") {
  Matrix A(3, 4), B(5, 3), C(3, 3);
  CHECK_THROWS_AS(omp::matmul_parallel_rows(A, B, C, 2), std::invalid_argument);
  CHECK_THROWS_AS(omp::matmul_collapse(A, B, C, 2), std::invalid_argument);
  CHECK_THROWS_AS(omp::matmul_tiled(A, B, C, 2), std::invalid_argument);
  CHECK_THROWS_AS(omp::matmul_tasks(A, B, C, 2), std::invalid_argument);
  CHECK_THROWS_AS(omp::matmul_taskloop(A, B, C, 2), std::invalid_argument);
}
