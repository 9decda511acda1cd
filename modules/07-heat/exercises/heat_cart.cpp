// Exercise 6 - a 2-D process grid: each rank owns a rectangle and trades four edges per step.
//
// Row bands send whole rows: 2 * nx doubles per rank and step whatever the rank count. On a
// p x q grid of ranks, a rank's edges are ny/p and nx/q points long: less to send as the ranks
// grow. MPI knows such grids (a Cartesian communicator: each rank's coordinates and its
// neighbours); an edge row is contiguous in memory, an edge column is not (one double every
// ld): a derived datatype describes it, so it is sent without packing it by hand. The steps
// are given (cart_steps, given/heat_mpi_rungs.cpp): exchange_halos, then the sweep.
#include "heat_mpi.hpp"
#include "parlab/error.hpp"

namespace parlab::heat {

CartGrid::CartGrid(MPI_Comm world, int prows, int pcols) {
  // BEGIN SOLUTION
  dims[0] = prows, dims[1] = pcols;
  const int periods[2] = {0, 0};  // fixed boundaries: no wrap-around
  MPI_Cart_create(world, 2, dims, periods, 0, &comm);
  int me = 0;
  MPI_Comm_rank(comm, &me);
  MPI_Cart_coords(comm, me, 2, coords);
  MPI_Cart_shift(comm, 0, 1, &up, &down);
  MPI_Cart_shift(comm, 1, 1, &left, &right);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): comm a Cartesian communicator of prows x pcols ranks over `world`, not
  // // periodic; dims, this rank's coords, and its four neighbours (up/down along dimension 0,
  // // left/right along dimension 1), MPI_PROC_NULL where there is none.
  // // Constraint: no reordering of the ranks (rank 0 of comm must be rank 0 of world: it gathers).
  // // Look up: MPI_Cart_create, MPI_Cart_coords, MPI_Cart_shift.
  // // Think: what does MPI_Cart_shift return at the edge of a grid that is not periodic?
  // (void)world, (void)prows, (void)pcols;
  // throw not_implemented("CartGrid (modules/07-heat/exercises/heat_cart.cpp)");
  // END STUDENT
}

MPI_Datatype column_type(const Block& b) {
  MPI_Datatype t = MPI_DATATYPE_NULL;
  // BEGIN SOLUTION
  MPI_Type_vector(int(b.rows), 1, int(b.ld()), MPI_DOUBLE, &t);
  MPI_Type_commit(&t);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): a datatype for one column of b's owned points: b.rows doubles, b.ld() apart.
  // // Constraint: committed before use; no copy into a buffer of your own.
  // // Look up: MPI_Type_vector, MPI_Type_commit.
  // // Think: why count = rows, blocklength = 1 and stride = ld, and where does a column start?
  // (void)b;
  // throw not_implemented("column_type (modules/07-heat/exercises/heat_cart.cpp)");
  // END STUDENT
  return t;
}

void exchange_halos(Block& b, const CartGrid& g, MPI_Datatype column) {
  // BEGIN SOLUTION
  double* u = b.u.data();
  const long ld = b.ld(), rows = b.rows, cols = b.cols;
  const int n = int(cols);
  auto at = [&](long i, long j) { return u + i * ld + j; };
  MPI_Sendrecv(at(1, 1), n, MPI_DOUBLE, g.up, 0, at(rows + 1, 1), n, MPI_DOUBLE, g.down, 0, g.comm, MPI_STATUS_IGNORE);
  MPI_Sendrecv(at(rows, 1), n, MPI_DOUBLE, g.down, 1, at(0, 1), n, MPI_DOUBLE, g.up, 1, g.comm, MPI_STATUS_IGNORE);
  MPI_Sendrecv(at(1, 1), 1, column, g.left, 2, at(1, cols + 1), 1, column, g.right, 2, g.comm, MPI_STATUS_IGNORE);
  MPI_Sendrecv(at(1, cols), 1, column, g.right, 3, at(1, 0), 1, column, g.left, 3, g.comm, MPI_STATUS_IGNORE);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): b.u's halo (row 0, row b.rows+1, column 0, column b.cols+1, the corners
  // // excepted: the 5-point stencil never reads them) filled with the neighbours' owned edges.
  // // Constraint: deadlock-free on any grid; the columns sent with `column`, not packed.
  // // Look up: MPI_Sendrecv; the Block's local coordinates (heat_mpi.hpp).
  // // Think: four Sendrecv calls in which order, with which tags? How many bytes per step go
  // // each way on a 2 x 3 grid of a 1000 x 1000 field?
  // (void)b, (void)g, (void)column;
  // throw not_implemented("exchange_halos (modules/07-heat/exercises/heat_cart.cpp)");
  // END STUDENT
}

}  // namespace parlab::heat
