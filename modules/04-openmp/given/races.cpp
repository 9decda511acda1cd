// The race demonstrations of exercise 8 - data races, and how OpenMP avoids them.
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
// the race test checks that ThreadSanitizer reports them). Fix their copies in
// exercises/data_sharing.cpp.
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

// The right answer of the polynomial demo, element by element.
double poly(double x) { return (x * x + 1.0) * (x - 2.0); }

}  // namespace parlab::omp
