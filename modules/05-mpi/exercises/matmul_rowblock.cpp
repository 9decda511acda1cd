// Exercise 2 - row-block matmul: the first distributed product.
//
// Only the root (rank 0) has A and B. Each rank gets a block of consecutive rows of A
// (MPI_Scatterv: m need not be a multiple of the rank count, so the counts differ), all of
// B (MPI_Bcast), computes its rows of C with `local`, and the root collects the rows of C
// (MPI_Gatherv). Counts and displacements are in elements (doubles), per rank.
// Each kitchen gets its share of the orders plus the whole recipe book, cooks alone, and
// sends the plates back: nothing is shared, everything travels.
#include "mpi.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

namespace parlab::mpi05 {

void matmul_rowblock(const Matrix& A, const Matrix& B, Matrix& C, MPI_Comm comm, const LocalMatmul& local) {
  const Shape s = share_shape(A, B, comm);
  const int p = mpi::size(comm), me = mpi::rank(comm);
  if (s.m < p)
    throw usage_error("matmul: m=" + std::to_string(s.m) + " rows for " + std::to_string(p) +
                      " ranks: every rank needs at least one row; use fewer ranks or a bigger --n");
  const auto [r0, r1] = block_range(s.m, p, me);  // my rows of A and C
  // BEGIN SOLUTION
  std::vector<int> a_counts(p), a_displs(p), c_counts(p), c_displs(p);
  for (int r = 0; r < p; ++r) {
    const auto [b, e] = block_range(s.m, p, r);
    a_counts[r] = int((e - b) * s.k), a_displs[r] = int(b * s.k);
    c_counts[r] = int((e - b) * s.n), c_displs[r] = int(b * s.n);
  }
  Matrix Aloc(r1 - r0, s.k), Cloc(r1 - r0, s.n);
  Matrix Bcopy;  // the non-root ranks' copy of B; the root broadcasts its own
  if (me != 0) Bcopy = Matrix(s.k, s.n);
  const Matrix& Bmine = me == 0 ? B : Bcopy;
  MPI_Scatterv(me == 0 ? A.data() : nullptr, a_counts.data(), a_displs.data(), MPI_DOUBLE, Aloc.data(), a_counts[me],
               MPI_DOUBLE, 0, comm);
  // MPI_Bcast's buffer is not const (it is written on the receivers); the root's is only read.
  MPI_Bcast(const_cast<double*>(Bmine.data()), int(s.k * s.n), MPI_DOUBLE, 0, comm);
  local(Aloc, Bmine, Cloc);
  MPI_Gatherv(Cloc.data(), c_counts[me], MPI_DOUBLE, me == 0 ? C.data() : nullptr, c_counts.data(), c_displs.data(),
              MPI_DOUBLE, 0, comm);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): C = A * B over the ranks of comm: each rank receives a contiguous
  // // block of rows of A (block_range decides how many, for any m), gets all of B,
  // // computes its rows of C with `local`, and rank 0 collects C.
  // // Constraint: A, B and C exist on rank 0 only; m need not be a multiple of the
  // // rank count; counts and displacements are in elements (doubles), not rows.
  // // Look up: MPI_Scatterv, MPI_Bcast, MPI_Gatherv.
  // // Think: how many bytes does each rank receive, as a function of n and P? Why does
  // // this rung stop scaling (REPORT.md asks you to predict where)?
  // (void)r0, (void)r1, (void)local, (void)C;
  // throw not_implemented("matmul_rowblock (modules/05-mpi/exercises/matmul_rowblock.cpp)");
  // END STUDENT
}

}  // namespace parlab::mpi05
