// Exercise 3b - SUMMA on a 2-D process grid (after exercise 3a, process_grid.cpp): the
// panels of the shared dimension, their owners and offsets, then the broadcasts.
//
// Row-block sends ALL of B to every rank: p copies, and that traffic does not shrink as p
// grows. SUMMA (van de Geijn and Watts, 1997) keeps A, B and C in blocks on a pr x pc grid
// (the Grid and the distribution are provided). C = sum over panels of A(:, panel) *
// B(panel, :): for each k-panel, the grid column that owns that slice of A broadcasts it
// along every grid row (communicator g.row), the grid row that owns that slice of B
// broadcasts it along every grid column (g.col), and every rank adds the product of the
// two pieces to its block of C. Each rank receives only O(n^2 / sqrt(p)) numbers.
//
// Nothing here assumes that the grid divides the matrices: with k = 10 on a 2 x 3 grid,
// A's columns are blocks of 4, 3, 3 (one per grid column) and B's rows blocks of 5, 5
// (one per grid row), so a slice of k can start in one rank's block of A and end in the
// next one's. Part one cuts k into panels that never straddle a block of either.
#include <algorithm>

#include "mpi.hpp"
#include "parlab/error.hpp"

namespace parlab::mpi05 {

std::vector<Panel> summa_panels(long k, int pr, int pc, long nb) {
  // BEGIN SOLUTION
  std::vector<Panel> out;
  Panel p;
  for (long k0 = 0; k0 < k; k0 += p.width) {
    // The owners only move forward: each panel ends at a block's end or after nb.
    while (block_range(k, pc, p.a_owner).end <= k0) ++p.a_owner;
    while (block_range(k, pr, p.b_owner).end <= k0) ++p.b_owner;
    const auto a = block_range(k, pc, p.a_owner), b = block_range(k, pr, p.b_owner);
    p.k0 = k0;
    p.width = std::min({nb, a.end - k0, b.end - k0});
    p.a_off = k0 - a.begin;  // where the panel sits in its owners' local blocks
    p.b_off = k0 - b.begin;
    out.push_back(p);
  }
  return out;
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the panels of the shared dimension, in order from 0 to k: each at
  // // most nb wide, each inside ONE column block of A (k cut into pc blocks) and ONE
  // // row block of B (k cut into pr blocks), with the grid column and row that hold it
  // // and its first column / row in their local blocks (the Panel fields, mpi.hpp).
  // // Constraint: any k, pr, pc and nb >= 1 (none need divide another, and a grid
  // // with more columns than rows cuts A finer than B); panels are as wide as these
  // // rules allow, no empty ones.
  // // Look up: block_range (the block a rank owns: the distribution scatter_blocks
  // // uses), std::min with an initializer list.
  // // Think: list the panels of k = 10 on a 2 x 3 grid with nb = 4. How many are
  // // there against ceil(k / nb), and what does each extra panel cost on the network?
  // (void)k, (void)pr, (void)pc, (void)nb;
  // throw not_implemented("summa_panels (modules/05-mpi/exercises/matmul_summa.cpp)");
  // END STUDENT
}

void summa_multiply(const Grid& g, const Matrix& Aloc, const Matrix& Bloc, Matrix& Cloc, long k, long nb) {
  Cloc.zero();
  const std::vector<Panel> panels = summa_panels(k, g.pr, g.pc, nb);
  // BEGIN SOLUTION
  // One pair of buffers for every panel: allocated (and their pages touched) once.
  const long widest = widest_panel(panels);
  Matrix Ap(Aloc.rows(), widest), Bp(widest, Bloc.cols());
  for (const Panel& p : panels) {
    Ap.reshape(Aloc.rows(), p.width), Bp.reshape(p.width, Bloc.cols());
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
  // // Constraint: every rank takes part in every broadcast (or the grid hangs); your
  // // panels (above) say who owns each piece and where; local_matmul_acc adds a product.
  // // Look up: MPI_Bcast on a sub-communicator (g.row, g.col), copy_cols / copy_rows,
  // // widest_panel and Matrix::reshape (buffers allocated once, not once per panel).
  // // Think: how many doubles does one rank receive in total for n x n matrices on a
  // // sqrt(P) x sqrt(P) grid, compared with row-block's k x n?
  // (void)panels, (void)Aloc, (void)Bloc;
  // throw not_implemented("summa_multiply (modules/05-mpi/exercises/matmul_summa.cpp)");
  // END STUDENT
}

}  // namespace parlab::mpi05
