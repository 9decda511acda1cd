// The MPI rungs of mpi_heat (given): each rank builds its own block from the problem, the
// exercises step it (exercises/heat_rows.cpp ... heat_hybrid.cpp), rank 0 gathers the field.
// The exercises never see the problem's field, only their block: so no rank can compute the
// whole field in their place (the tests check it on random blocks, given/heat_mpi.hpp).
// A run is staged (MpiRung): block in, steps (timed), field out.
#include "heat_mpi.hpp"
#include "parlab/partition.hpp"

namespace parlab::heat {

void cart_steps(Block& b, const CartGrid& g, MPI_Datatype column, int steps, HaloSplit* split) {
  for (int t = 0; t < steps; ++t) {
    timed(split, &HaloSplit::exchange, [&] { exchange_halos(b, g, column); });
    timed(split, &HaloSplit::compute,
          [&] { sweep_block(b.u.data(), b.tmp.data(), b.ld(), b.i0, b.i1, b.j0, b.j1, b.p.alpha); });
    b.u.swap(b.tmp);
  }
}

namespace {
// Exercise 5's steps: the row bands' halos, then the sweep (given).
void row_steps(Block& b, MPI_Comm comm) {
  for (int t = 0; t < b.p.steps; ++t) {
    exchange_rows(b, comm);
    sweep_block(b.u.data(), b.tmp.data(), b.ld(), b.i0, b.i1, b.j0, b.j1, b.p.alpha);
    b.u.swap(b.tmp);
  }
}
}  // namespace

void MpiRung::release() {
  int finalized = 1;
  MPI_Finalized(&finalized);
  if (finalized) return;  // nothing left to free
  if (column_ != MPI_DATATYPE_NULL) MPI_Type_free(&column_);
  grid_.reset();
  block_ = Block{};  // its memory back: the next stage_in allocates afresh, as a run of its own would
}

void MpiRung::stage_in(const Problem& p, int prows, int pcols) {
  release();  // a run that threw (a stub) never reached stage_out
  if (steps_ == Steps::rows) {
    int me = 0, ranks = 1;
    MPI_Comm_rank(comm_, &me);
    MPI_Comm_size(comm_, &ranks);
    const Range band = block_range(p.ny, ranks, me);
    timed(split_, &HaloSplit::distribute, [&] { block_ = make_block(p, band.begin, band.size(), 0, p.nx); });
    return;
  }
  grid_.emplace(comm_, prows, pcols);  // exercise 6 (it sees no field): setup
  timed(split_, &HaloSplit::distribute, [&] { block_ = cart_block(p, *grid_); });
}

void MpiRung::run(int threads) {
  const int steps = block_.p.steps;
  if (steps_ == Steps::rows) return row_steps(block_, comm_);
  // The exercise's datatype: made here, timed, as every exercise call that sees the block.
  column_ = column_type(block_);
  switch (steps_) {
    case Steps::cart: return cart_steps(block_, *grid_, column_, steps, split_);
    case Steps::overlap: return overlap_steps(block_, *grid_, column_, steps, split_);
    case Steps::hybrid: return hybrid_steps(block_, *grid_, column_, steps, threads, split_);
    case Steps::rows: break;
  }
}

void MpiRung::stage_out(Field& root_u) {
  timed(split_, &HaloSplit::distribute, [&] { gather_block(block_, root_u, grid_ ? grid_->comm : comm_); });
  if (split_) ++split_->runs;
  release();
}

void MpiRung::whole(const Problem& p, int prows, int pcols, Field& root_u, int threads) {
  stage_in(p, prows, pcols);
  run(threads);
  stage_out(root_u);
}

void heat_rows(const Problem& p, Field& root_u, MPI_Comm comm) { MpiRung(MpiRung::Steps::rows, comm).whole(p, 1, 1, root_u); }

void heat_cart(const Problem& p, int prows, int pcols, Field& root_u, MPI_Comm comm, HaloSplit* split) {
  MpiRung(MpiRung::Steps::cart, comm, split).whole(p, prows, pcols, root_u);
}

void heat_overlap(const Problem& p, int prows, int pcols, Field& root_u, MPI_Comm comm, HaloSplit* split) {
  MpiRung(MpiRung::Steps::overlap, comm, split).whole(p, prows, pcols, root_u);
}

void heat_hybrid(const Problem& p, int prows, int pcols, Field& root_u, MPI_Comm comm, int threads,
                 HaloSplit* split) {
  MpiRung(MpiRung::Steps::hybrid, comm, split).whole(p, prows, pcols, root_u, threads);
}

}  // namespace parlab::heat
