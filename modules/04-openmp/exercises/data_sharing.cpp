// Exercise 8 - shared or private: the two races of given/races.cpp fixed, and the
// price of the fix you did not choose measured.
//
// dot_racy shares its accumulator, poly_racy its temporary (given/races.cpp shows
// both). Here you write three rungs of omp_races:
//   dot_reduction  the sum without the race, the way OpenMP means it;
//   dot_atomic     the same sum, every addition made safe on its own - the fix a
//                  first attempt reaches for, written so that you can measure it;
//   poly_private   the polynomial with its temporary no longer shared.
#include "openmp.hpp"
#include "parlab/error.hpp"

namespace parlab::omp {

double dot_reduction(const std::vector<double>& x, const std::vector<double>& y, int threads) {
  const long n = static_cast<long>(x.size());
  double sum = 0;
  // BEGIN SOLUTION
  // Each thread adds into its own private copy, initialised to 0; OpenMP combines
  // the copies into `sum` once, at the end.
#pragma omp parallel for reduction(+ : sum) num_threads(threads)
  for (long i = 0; i < n; ++i) sum += x[i] * y[i];
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the dot product of dot_racy, on `threads` threads, without the race:
  // // exactly the sum of x[i] * y[i] (the test uses values whose sum is exact).
  // // Constraint: no atomic and no critical; the threads touch `sum` once each, not
  // // once per element.
  // // Look up: the `reduction` clause.
  // // Think: why can a reduction give a (slightly) different floating-point sum on a
  // // different thread count, and why not here?
  // (void)n, (void)x, (void)y, (void)threads;
  // throw not_implemented("dot_reduction (modules/04-openmp/exercises/data_sharing.cpp)");
  // END STUDENT
  return sum;
}

double dot_atomic(const std::vector<double>& x, const std::vector<double>& y, int threads) {
  const long n = static_cast<long>(x.size());
  double sum = 0;
  // BEGIN SOLUTION
  // Correct, and the cost is the point: every addition is an atomic read-modify-write
  // of one shared cache line, which the cores hand back and forth.
#pragma omp parallel for num_threads(threads)
  for (long i = 0; i < n; ++i) {
    const double term = x[i] * y[i];
#pragma omp atomic
    sum += term;
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the same exact sum, with `sum` kept shared and every single
  // // addition to it made safe.
  // // Constraint: no reduction clause, no private copy of the sum; only the addition
  // // itself is protected (the product x[i] * y[i] is not).
  // // Look up: `omp atomic` and `omp critical`, and what each may protect.
  // // Think (predict, then measure): how many nanoseconds does one protected addition
  // // cost on 1 thread, and on 2? Predict the Melem/s of dot_atomic against
  // // dot_reduction, then run omp_races --threads 1,2 --variants
  // // dot_reduction,dot_atomic and explain the ratio. Would `critical` instead of
  // // `atomic` change it, and why does a second thread make the atomic slower, not
  // // faster?
  // (void)n, (void)x, (void)y, (void)threads;
  // throw not_implemented("dot_atomic (modules/04-openmp/exercises/data_sharing.cpp)");
  // END STUDENT
  return sum;
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
  // // Would `firstprivate(t)` or `lastprivate(t)` change anything here?
  // (void)n, (void)x, (void)out, (void)threads;
  // throw not_implemented("poly_private (modules/04-openmp/exercises/data_sharing.cpp)");
  // END STUDENT
}

}  // namespace parlab::omp
