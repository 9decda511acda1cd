// Module 04: the race fixes give exact results on every thread count. (The racy
// demos are not tested here - a race can give the right answer; the race build
// proves ThreadSanitizer reports them: tests/04-openmp/CMakeLists.txt.)
#include "support/catch.hpp"

#include "openmp.hpp"

using namespace parlab;

TEST_CASE("dot_reduction gives the exact sum on 1, 2, 3, 5 threads", "[04][races]") {
  for (long n : {1L, 2L, 3L, 17L, 100000L}) {
    std::vector<double> x(n), y(n);
    double want = 0;
    for (long i = 0; i < n; ++i) x[i] = double(i % 5), y[i] = double(i % 3) - 1.0, want += x[i] * y[i];
    for (int t : {1, 2, 3, 5}) {
      INFO("n=" << n << " threads=" << t);
      CHECK(omp::dot_reduction(x, y, t) == want);  // whole numbers: every order of additions is exact
    }
  }
}

TEST_CASE("poly_private computes every element on 1, 2, 3, 5 threads", "[04][races]") {
  for (long n : {1L, 3L, 100000L}) {
    std::vector<double> x(n), out(n);
    for (long i = 0; i < n; ++i) x[i] = double(i % 11) - 5.0;
    for (int t : {1, 2, 3, 5}) {
      std::fill(out.begin(), out.end(), -1.0);
      omp::poly_private(x, out, t);
      long bad = 0;
      for (long i = 0; i < n; ++i) bad += out[i] != omp::poly(x[i]);
      INFO("n=" << n << " threads=" << t);
      CHECK(bad == 0);
    }
  }
}

TEST_CASE("default thread counts follow a valid OMP_NUM_THREADS and ignore a bad one", "[04][env]") {
  const char* saved = std::getenv("OMP_NUM_THREADS");
  const std::string keep = saved ? saved : "";
  std::string warning;
  setenv("OMP_NUM_THREADS", "3", 1);
  CHECK(omp::default_thread_counts(&warning) == std::vector<int>{1, 3});
  CHECK(warning.empty());
  setenv("OMP_NUM_THREADS", "4,2", 1);
  CHECK(omp::default_thread_counts(&warning) == std::vector<int>{1, 4});
  for (const char* bad : {"0", "abc", "-2", "", "3x", "99999"}) {
    setenv("OMP_NUM_THREADS", bad, 1);
    warning.clear();
    const auto counts = omp::default_thread_counts(&warning);
    INFO("OMP_NUM_THREADS='" << bad << "'");
    CHECK(!counts.empty());
    CHECK(counts.front() == 1);
    CHECK(warning.find("ignoring it") != std::string::npos);
  }
  if (saved) setenv("OMP_NUM_THREADS", keep.c_str(), 1); else unsetenv("OMP_NUM_THREADS");
}
