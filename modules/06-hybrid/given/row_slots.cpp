// The distribution between the ranks (provided): every rank gets a slot of ceil(m / P) rows
// of A and all of B, computes its rows of C with the local kernel it is given (one thread
// or exercise 1's threads), and the root collects the slots. Equal slots let plain
// MPI_Scatter and MPI_Gather move them; the root pads A and C with zero rows up to P slots
// when P does not divide m (at most P - 1 rows of wasted work).
#include <algorithm>

#include "hybrid.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

namespace parlab::hybrid {

void matmul_row_slots(const Matrix& A, const Matrix& B, Matrix& C, MPI_Comm comm, const mpi05::LocalMatmul& local) {
  const mpi05::Shape s = mpi05::share_shape(A, B, comm);
  const int p = mpi::size(comm), me = mpi::rank(comm);
  if (s.m < p)
    throw usage_error("matmul: m=" + std::to_string(s.m) + " rows for " + std::to_string(p) +
                      " ranks: every rank needs at least one row; use fewer ranks or a bigger --n");
  const long slot = (s.m + p - 1) / p;
  const bool padded = slot * p != s.m;
  Matrix Apad, Cpad;  // the root's padded copies, only when P does not divide m
  if (me == 0 && padded) {
    Apad = Matrix(std::size_t(slot * p), std::size_t(s.k)), Cpad = Matrix(std::size_t(slot * p), std::size_t(s.n));
    std::copy(A.data(), A.data() + s.m * s.k, Apad.data());
  }
  const double* a_all = padded ? Apad.data() : A.data();
  double* c_all = padded ? Cpad.data() : C.data();
  Matrix Aslot(std::size_t(slot), std::size_t(s.k)), Cslot(std::size_t(slot), std::size_t(s.n));
  MPI_Scatter(a_all, int(slot * s.k), MPI_DOUBLE, Aslot.data(), int(slot * s.k), MPI_DOUBLE, 0, comm);
  // All of B on every rank: the root sends its own (MPI_Bcast only reads the root's buffer).
  Matrix Brecv = me == 0 ? Matrix() : Matrix(std::size_t(s.k), std::size_t(s.n));
  double* b_all = me == 0 ? const_cast<double*>(B.data()) : Brecv.data();
  MPI_Bcast(b_all, int(s.k * s.n), MPI_DOUBLE, 0, comm);
  local(Aslot, me == 0 ? B : Brecv, Cslot);
  MPI_Gather(Cslot.data(), int(slot * s.n), MPI_DOUBLE, c_all, int(slot * s.n), MPI_DOUBLE, 0, comm);
  if (me == 0 && padded) std::copy(Cpad.data(), Cpad.data() + s.m * s.n, C.data());
}

}  // namespace parlab::hybrid
