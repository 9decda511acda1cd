// The distribution between the ranks (provided): every rank gets a slot of ceil(m / P) rows
// of A and all of B, computes its rows of C with the local kernel it is given (one thread
// or exercise 1's threads), and the root collects the slots. Equal slots let plain
// MPI_Scatter and MPI_Gather move them; the root pads A and C with zero rows up to P slots
// when P does not divide m (at most P - 1 rows of wasted work). On one rank the slot is
// the whole product: the local kernel runs on A, B and C themselves, as 04's rungs do.
#include <algorithm>

#include "hybrid.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

namespace parlab::hybrid {

namespace {
// A rank's slot buffers, kept from call to call (a benchmark repeats the same shape): fresh
// ones would cost new pages, zeroed, on every call - 64 MB a rank at n = 2048 on 2 ranks.
// Only a rank's main thread calls matmul_row_slots (the MPI calls are FUNNELED).
struct SlotBuffers {
  Matrix A, B, C;
} kept;
}  // namespace

void matmul_row_slots(const Matrix& A, const Matrix& B, Matrix& C, MPI_Comm comm, const mpi05::LocalMatmul& local) {
  const mpi05::Shape s = mpi05::share_shape(A, B, comm);
  const int p = mpi::size(comm), me = mpi::rank(comm);
  if (s.m < p)
    throw usage_error("matmul: m=" + std::to_string(s.m) + " rows for " + std::to_string(p) +
                      " ranks: every rank needs at least one row; use fewer ranks or a bigger --n");
  if (p == 1) {  // the one slot is all of A: no copies to make, C is written where it is
    local(A, B, C);
    return;
  }
  const long slot = (s.m + p - 1) / p;
  const bool padded = slot * p != s.m;
  Matrix Apad, Cpad;  // the root's padded copies, only when P does not divide m
  if (me == 0 && padded) {
    Apad = Matrix(std::size_t(slot * p), std::size_t(s.k)), Cpad = Matrix(std::size_t(slot * p), std::size_t(s.n));
    std::copy(A.data(), A.data() + s.m * s.k, Apad.data());
  }
  const double* a_all = padded ? Apad.data() : A.data();
  double* c_all = padded ? Cpad.data() : C.data();
  Matrix& Aslot = kept.A;  // all of it written by the scatter
  Matrix& Cslot = kept.C;
  Aslot.reuse(std::size_t(slot), std::size_t(s.k)), Cslot.reuse(std::size_t(slot), std::size_t(s.n));
  Cslot.zero();  // as a fresh slot would be: an element the local kernel misses stays 0
  MPI_Scatter(a_all, int(slot * s.k), MPI_DOUBLE, Aslot.data(), int(slot * s.k), MPI_DOUBLE, 0, comm);
  // All of B on every rank: the root sends its own (MPI_Bcast only reads the root's buffer).
  const Matrix* b = &B;
  if (me != 0) kept.B.reuse(std::size_t(s.k), std::size_t(s.n)), b = &kept.B;  // all of it written by the broadcast
  MPI_Bcast(const_cast<double*>(b->data()), int(s.k * s.n), MPI_DOUBLE, 0, comm);
  local(Aslot, *b, Cslot);
  MPI_Gather(Cslot.data(), int(slot * s.n), MPI_DOUBLE, c_all, int(slot * s.n), MPI_DOUBLE, 0, comm);
  if (me == 0 && padded) std::copy(Cpad.data(), Cpad.data() + s.m * s.n, C.data());
}

}  // namespace parlab::hybrid
