// Exercise 3b - SUMMA on a 2-D process grid (after exercise 3a, process_grid.cpp).
//
// Row-block sends ALL of B to every rank: p copies, and that traffic does not shrink as p
// grows. SUMMA (van de Geijn and Watts, 1997) keeps A, B and C in blocks on a pr x pc grid
// (the Grid and the distribution are provided). C = sum over panels of A(:, panel) *
// B(panel, :): for each k-panel, the grid column that owns that slice of A broadcasts it
// along every grid row (communicator g.row), the grid row that owns that slice of B
// broadcasts it along every grid column (g.col), and every rank adds the product of the
// two pieces to its block of C. Each rank receives only O(n^2 / sqrt(p)) numbers.
#include "mpi.hpp"
#include "parlab/error.hpp"

namespace parlab::mpi05 {

void summa_multiply(const Grid& g, const Matrix& Aloc, const Matrix& Bloc, Matrix& Cloc, long k, long nb) {
  Cloc.zero();
  const std::vector<Panel> panels = summa_panels(k, g.pr, g.pc, nb);
  // BEGIN SOLUTION
  for (const Panel& p : panels) {
    Matrix Ap(Aloc.rows(), p.width), Bp(p.width, Bloc.cols());
    if (g.mycol == p.a_owner) copy_cols(Aloc, p.a_off, Ap);
    if (g.myrow == p.b_owner) copy_rows(Bloc, p.b_off, Bp);
    MPI_Bcast(Ap.data(), int(Ap.size()), MPI_DOUBLE, p.a_owner, g.row);  // rank in g.row = grid column
    MPI_Bcast(Bp.data(), int(Bp.size()), MPI_DOUBLE, p.b_owner, g.col);  // rank in g.col = grid row
    local_matmul_acc(Ap, Bp, Cloc, 0, Cloc.rows());  // Cloc += Ap * Bp
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): SUMMA on the grid g: for each panel of the shared dimension (the
  // // `panels` above), the rank column that owns that slice of A shares it along each
  // // grid row, the rank row that owns that slice of B shares it along each grid column,
  // // and every rank adds the product of the two pieces to its own block of C.
  // // Constraint: every rank takes part in every broadcast (or the grid hangs); use the
  // // Panel fields to find owners and offsets; local_matmul_acc adds a product.
  // // Look up: MPI_Bcast on a sub-communicator (g.row, g.col), copy_cols / copy_rows.
  // // Think: how many doubles does one rank receive in total for n x n matrices on a
  // // sqrt(P) x sqrt(P) grid, compared with row-block's k x n?
  // (void)panels, (void)Aloc, (void)Bloc;
  // throw not_implemented("summa_multiply (modules/05-mpi/exercises/matmul_summa.cpp)");
  // END STUDENT
}

}  // namespace parlab::mpi05
