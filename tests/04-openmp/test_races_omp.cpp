// Module 04, exercise 8: the race fixes give exact results on every thread count. (The racy
// demos are not tested here - a race can give the right answer; the race build
// proves ThreadSanitizer reports them: tests/04-openmp/CMakeLists.txt.)
#include "support/catch.hpp"

#include "openmp.hpp"

using namespace parlab;

namespace {
// Whole numbers: every order of additions gives exactly `want`.
void check_exact_dot(double (*dot)(const std::vector<double>&, const std::vector<double>&, int)) {
  for (long n : {1L, 2L, 3L, 17L, 100000L}) {
    std::vector<double> x(n), y(n);
    double want = 0;
    for (long i = 0; i < n; ++i) x[i] = double(i % 5), y[i] = double(i % 3) - 1.0, want += x[i] * y[i];
    for (int t : {1, 2, 3, 5}) {
      INFO("n=" << n << " threads=" << t);
      CHECK(dot(x, y, t) == want);
    }
  }
}
}  // namespace

TEST_CASE("dot_reduction gives the exact sum on 1, 2, 3, 5 threads", "[04][races]") {
  check_exact_dot(omp::dot_reduction);
}

TEST_CASE("dot_atomic gives the exact sum on 1, 2, 3, 5 threads", "[04][races]") {
  check_exact_dot(omp::dot_atomic);
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
