// The MPI rungs of mpi_heat (given): each rank builds its own block from the problem, the
// exercises step it (exercises/heat_rows.cpp ... heat_hybrid.cpp), rank 0 gathers the field.
// The exercises never see the problem's field, only their block: so no rank can compute the
// whole field in their place (the tests check it on random blocks, given/heat_mpi.hpp).
#include "heat_mpi.hpp"
#include "parlab/partition.hpp"

namespace parlab::heat {

void heat_rows(const Problem& p, Field& root_u, MPI_Comm comm) {
  int me = 0, ranks = 1;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &ranks);
  const Range band = block_range(p.ny, ranks, me);
  Block b = make_block(p, band.begin, band.size(), 0, p.nx);
  for (int t = 0; t < p.steps; ++t) {
    exchange_rows(b, comm);
    sweep_block(b.u.data(), b.tmp.data(), b.ld(), b.i0, b.i1, b.j0, b.j1, p.alpha);
    b.u.swap(b.tmp);
  }
  gather_block(b, root_u, comm);
}

void cart_steps(Block& b, const CartGrid& g, MPI_Datatype column, int steps, HaloSplit* split) {
  for (int t = 0; t < steps; ++t) {
    timed(split, &HaloSplit::exchange, [&] { exchange_halos(b, g, column); });
    timed(split, &HaloSplit::compute,
          [&] { sweep_block(b.u.data(), b.tmp.data(), b.ld(), b.i0, b.i1, b.j0, b.j1, b.p.alpha); });
    b.u.swap(b.tmp);
  }
}

namespace {
// One grid rung: the grid and this rank's block, `steps` run on it, the field gathered.
template <class Steps>
void on_grid(const Problem& p, int prows, int pcols, Field& root_u, MPI_Comm comm, HaloSplit* split, Steps steps) {
  CartGrid g(comm, prows, pcols);
  const double t0 = MPI_Wtime();
  Block b = cart_block(p, g);
  if (split) split->distribute += MPI_Wtime() - t0;
  MPI_Datatype column = column_type(b);
  steps(b, g, column);
  MPI_Type_free(&column);
  timed(split, &HaloSplit::distribute, [&] { gather_block(b, root_u, g.comm); });
  if (split) ++split->runs;
}
}  // namespace

void heat_cart(const Problem& p, int prows, int pcols, Field& root_u, MPI_Comm comm, HaloSplit* split) {
  on_grid(p, prows, pcols, root_u, comm, split,
          [&](Block& b, const CartGrid& g, MPI_Datatype c) { cart_steps(b, g, c, p.steps, split); });
}

void heat_overlap(const Problem& p, int prows, int pcols, Field& root_u, MPI_Comm comm, HaloSplit* split) {
  on_grid(p, prows, pcols, root_u, comm, split,
          [&](Block& b, const CartGrid& g, MPI_Datatype c) { overlap_steps(b, g, c, p.steps, split); });
}

void heat_hybrid(const Problem& p, int prows, int pcols, Field& root_u, MPI_Comm comm, int threads,
                 HaloSplit* split) {
  on_grid(p, prows, pcols, root_u, comm, split,
          [&](Block& b, const CartGrid& g, MPI_Datatype c) { hybrid_steps(b, g, c, p.steps, threads, split); });
}

}  // namespace parlab::heat
