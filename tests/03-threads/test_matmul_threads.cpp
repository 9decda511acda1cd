// Module 03: row-block matmul equals Eigen for every thread count, also with more
// threads than cores or rows; bad thread counts are refused with a clear message.
#include "support/catch.hpp"

#include "parlab/oracle.hpp"
#include "support/matmul_check.hpp"
#include "threads.hpp"
#include "workers.hpp"

using namespace parlab;
using namespace parlab::threads;

namespace {
const int kThreadCounts[] = {1, 2, 3, 7};

void expect_product(int threads, std::size_t m, std::size_t k, std::size_t n) {
  testing::expect_product([threads](auto& A, auto& B, auto& C) { matmul_row_blocks(A, B, C, threads); }, m, k, n,
                          "threads=" + std::to_string(threads));
}
}  // namespace

TEST_CASE("block_range covers 0..n-1 once, in blocks that differ by at most one", "[03][partition]") {
  for (long n : {0L, 1L, 2L, 7L, 100L, 101L})
    for (int parts : {1, 2, 3, 7, 150}) {
      long next = 0, smallest = n, largest = 0;
      for (int p = 0; p < parts; ++p) {
        const Range r = block_range(n, parts, p);
        CHECK(r.begin == next);  // contiguous, in order, no gap, no overlap
        next = r.end;
        smallest = std::min(smallest, r.size());
        largest = std::max(largest, r.size());
      }
      INFO("n=" << n << " parts=" << parts);
      CHECK(next == n);
      CHECK(largest - smallest <= 1);
    }
}

TEST_CASE("row-block matmul equals Eigen at 1, 2, 3 and 7 threads", "[03][matmul]") {
  const long teams = run_workers_calls.load();
  for (int t : kThreadCounts) {
    for (std::size_t n : {1, 2, 3, 17, 64, 100, 129}) expect_product(t, n, n, n);
    expect_product(t, 7, 13, 5);
    expect_product(t, 1, 64, 130);
    expect_product(t, 130, 30, 1);
  }
  INFO("exercise 1 starts its std::threads by hand: run_workers is what later exercises get");
  CHECK(run_workers_calls.load() == teams);
}

TEST_CASE("row-block matmul with more threads than rows or cores", "[03][matmul]") {
  expect_product(7, 3, 5, 4);     // four of the seven workers get no rows
  expect_product(64, 100, 20, 30);  // far more threads than this machine has cores
}

TEST_CASE("row-block matmul refuses bad thread counts and shapes", "[03][matmul][bad-input]") {
  Matrix A(4, 4), B(4, 4), C(4, 4);
  for (int bad : {0, -1, -100})
    CHECK_THROWS_WITH(matmul_row_blocks(A, B, C, bad), Catch::Contains("is not a valid thread count"));
  for (int absurd : {kMaxThreads + 1, 1'000'000})
    CHECK_THROWS_WITH(matmul_row_blocks(A, B, C, absurd), Catch::Contains("more than the limit of 1024"));
  CHECK_THROWS_AS(matmul_row_blocks(A, B, C, 0), std::invalid_argument);
  Matrix wrong(5, 3);
  CHECK_THROWS_AS(matmul_row_blocks(A, wrong, C, 2), std::invalid_argument);
}

TEST_CASE("run_workers runs every worker once and forwards a worker's exception", "[03][workers]") {
  for (int t : kThreadCounts) {
    std::vector<int> ran(t, 0);
    const long teams = run_workers_calls.load();
    run_workers(t, [&](int i) { ++ran[i]; });  // each worker writes only its own slot
    CHECK(std::count(ran.begin(), ran.end(), 1) == t);
    CHECK(run_workers_calls.load() == teams + 1);  // counted: exercise 1's check can see a call
  }
  CHECK_THROWS_WITH(run_workers(3, [](int i) {
                      if (i == 1) throw std::runtime_error("worker 1 burnt the toast");
                    }),
                    "worker 1 burnt the toast");
  CHECK_THROWS_AS(run_workers(0, [](int) {}), std::invalid_argument);
}
