// Exercise 3 - SUMMA on a 2-D process grid.
//
// Row-block sends ALL of B to every rank: p copies, and that traffic does not shrink as p
// grows. SUMMA (van de Geijn and Watts, 1997) keeps A, B and C in blocks on a pr x pc grid
// (the Grid and the distribution are provided). C = sum over panels of A(:, panel) *
// B(panel, :): for each k-panel, the grid column that owns that slice of A broadcasts it
// along every grid row (communicator g.row), the grid row that owns that slice of B
// broadcasts it along every grid column (g.col), and every rank adds the product of the
// two pieces to its block of C. Each rank receives only O(n^2 / sqrt(p)) numbers.
#include "mpi05.hpp"
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
  // // TODO: for each panel p:
  // //   Matrix Ap(Aloc.rows(), p.width), Bp(p.width, Bloc.cols());
  // //   the owners fill them (copy_cols(Aloc, p.a_off, Ap) if g.mycol == p.a_owner,
  // //   copy_rows(Bloc, p.b_off, Bp) if g.myrow == p.b_owner);
  // //   MPI_Bcast Ap along g.row from root p.a_owner, Bp along g.col from root p.b_owner;
  // //   local_matmul_acc(Ap, Bp, Cloc, 0, Cloc.rows()) adds Ap * Bp to Cloc.
  // (void)panels, (void)Aloc, (void)Bloc;
  // throw not_implemented("summa_multiply (modules/05-mpi/matmul_summa.cpp)");
  // END STUDENT
}

}  // namespace parlab::mpi05
