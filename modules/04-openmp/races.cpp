// Exercises 10 and 11 - data races, and how OpenMP avoids them.
//
// Two cooks write on the same order slip at once: each reads "3 eggs", adds his
// one, writes "4 eggs" - one egg is lost. A data race is two threads touching the
// same memory location at the same time, at least one writing, with no
// synchronisation between them. The program is then undefined: it may give the
// right answer a thousand times and a wrong one on the grader's machine.
// ThreadSanitizer (the race build: `make race`) sees the race even when the
// answer happens to be right.
//
// The *_racy functions are kept wrong on purpose (omp_races demonstrates them, and
// the race test checks that ThreadSanitizer reports them). Fix their copies below.
#include "openmp.hpp"
#include "parlab/error.hpp"

namespace parlab::omp {

// Racy on purpose: `sum` is shared by every thread, and `sum += ...` is a read,
// an add and a write that other threads interleave with.
double dot_racy(const std::vector<double>& x, const std::vector<double>& y, int threads) {
  const long n = static_cast<long>(x.size());
  double sum = 0;
#pragma omp parallel for num_threads(threads)
  for (long i = 0; i < n; ++i) sum += x[i] * y[i];  // DATA RACE (the demonstration)
  return sum;
}

double dot_reduction(const std::vector<double>& x, const std::vector<double>& y, int threads) {
  const long n = static_cast<long>(x.size());
  double sum = 0;
  // BEGIN SOLUTION
  // Each thread adds into its own private copy, initialised to 0; OpenMP combines
  // the copies into `sum` once, at the end. (atomic or critical would be correct
  // too, but would serialise every single addition.)
#pragma omp parallel for reduction(+ : sum) num_threads(threads)
  for (long i = 0; i < n; ++i) sum += x[i] * y[i];
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the dot product of dot_racy, on `threads` threads, without the race:
  // // exactly the sum of x[i] * y[i] (the test uses values whose sum is exact).
  // // Constraint: no atomic and no critical (both are correct but serialise every
  // // addition).
  // // Look up: the `reduction` clause.
  // // Think: why can a reduction give a (slightly) different floating-point sum on a
  // // different thread count, and why not here?
  // (void)n, (void)x, (void)y, (void)threads;
  // throw not_implemented("dot_reduction (modules/04-openmp/races.cpp)");
  // END STUDENT
  return sum;
}

// Racy on purpose: `t` is declared outside the parallel loop, so it is SHARED:
// one thread's t = x*x + 1 is overwritten by another's before it is used.
void poly_racy(const std::vector<double>& x, std::vector<double>& out, int threads) {
  const long n = static_cast<long>(x.size());
  double t;
#pragma omp parallel for num_threads(threads)
  for (long i = 0; i < n; ++i) {
    t = x[i] * x[i] + 1.0;   // DATA RACE (the demonstration): every thread writes the same t
    out[i] = t * (x[i] - 2.0);
  }
}

void poly_private(const std::vector<double>& x, std::vector<double>& out, int threads) {
  const long n = static_cast<long>(x.size());
  // BEGIN SOLUTION
  // A variable declared inside the loop body is private to each iteration
  // (`private(t)` on the directive would do the same for one declared outside).
#pragma omp parallel for num_threads(threads)
  for (long i = 0; i < n; ++i) {
    const double t = x[i] * x[i] + 1.0;
    out[i] = t * (x[i] - 2.0);
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the loop of poly_racy, on `threads` threads, with every out[i] right.
  // // Constraint: the race check (make race) must find nothing.
  // // Look up: OpenMP data-sharing: shared vs private, the `private` clause.
  // // Think: why is t shared in poly_racy even though nobody asked for it to be?
  // (void)n, (void)x, (void)out, (void)threads;
  // throw not_implemented("poly_private (modules/04-openmp/races.cpp)");
  // END STUDENT
}

}  // namespace parlab::omp
