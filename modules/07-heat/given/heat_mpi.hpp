// Module 07 - the heat equation across MPI ranks: each rank owns a rectangle of the global
// field with a ring of halo points around it, and the rungs 5-8 (exercises/heat_*.cpp).
#pragma once
#include <mpi.h>

#include <optional>
#include <string>
#include <vector>

#include "heat.hpp"
#include "parlab/report.hpp"

namespace parlab::heat {

// This rank's rectangle: global rows [r0, r0+rows) and columns [c0, c0+cols), stored with
// one halo point on every side: local (li, lj), li in [0, rows+2), lj in [0, cols+2), is
// global (r0+li-1, c0+lj-1), at li*ld() + lj. The owned points are li in [1, rows],
// lj in [1, cols]; the points a step updates (the owned ones not on the global boundary)
// are li in [i0, i1), lj in [j0, j1).
struct Block {
  Problem p;
  long r0 = 0, rows = 0, c0 = 0, cols = 0;
  long i0 = 0, i1 = 0, j0 = 0, j1 = 0;
  std::vector<double> u, tmp;  // the two grids of the sweep
  long ld() const { return cols + 2; }
};
// Both grids: the owned points set to initial_value, the halo set to NaN (it must come
// from the neighbours before it is read).
Block make_block(const Problem& p, long r0, long rows, long c0, long cols);
// Rank 0 of comm gets the global field (every rank's owned points of b.u) in `root_u`.
void gather_block(const Block& b, Field& root_u, MPI_Comm comm);

// Where a rank's time goes in the steps of a run (mpi_cart, mpi_overlap, hybrid):
//   compute   inside the sweeps
//   exchange  inside the calls that move or start moving halos (MPI_Sendrecv; MPI_Isend/Irecv)
//   wait      blocked until non-blocking halos arrive (MPI_Waitall)
struct HaloSplit {
  double compute = 0, exchange = 0, wait = 0;
  double distribute = 0;  // each rank's block made from the problem and the field gathered on rank 0: untimed (MpiRung)
  int runs = 0;  // the rung counts its runs: the record gives the mean per run
  HaloSplit& operator+=(const HaloSplit& o) {
    compute += o.compute, exchange += o.exchange, wait += o.wait, distribute += o.distribute, runs += o.runs;
    return *this;
  }
};
// Runs fn, adding its seconds to split->*bucket (split null: just runs it).
template <class Fn>
void timed(HaloSplit* split, double HaloSplit::*bucket, Fn&& fn) {
  const double t0 = split ? MPI_Wtime() : 0;
  fn();
  if (split) split->*bucket += MPI_Wtime() - t0;
}
// Collective: compute_s, exchange_s, wait_s (inside the timed run) and distribute_s (outside it)
// per run (max over ranks) into r, and one line;
// returns those (on rank 0; zeros elsewhere).
HaloSplit annotate_split(const HaloSplit& split, Record& r, MPI_Comm comm);
// The halo cost model of one run for `rank` of a prows x pcols grid: per step, one message
// per neighbour of alpha_s + bytes / bytes_per_s (a row: 8 x its block's columns; a column:
// 8 x its rows).
double predicted_halo_s(const Problem& p, int prows, int pcols, int rank, double alpha_s, double bytes_per_s);

// The process grid of `prows` x `pcols` ranks fitting an nx x ny field: MPI_Dims_create's, turned
// round if only that fits, else the squarest shape that does. Throws usage_error naming --nx and
// --ny if no shape gives every rank at least one row and one column.
void grid_shape(int ranks, const Problem& p, int& prows, int& pcols);

// ---- the rungs: every rank calls them; rank 0's root_u gets the final global field -------
// The rungs are given (given/heat_mpi_rungs.cpp): each rank builds its own block from p, hands
// it to the exercise's function below and gathers it at the end. The exercises see one
// rank's block (owned points and halo) and the process grid, never p's field: the tests hand
// them blocks of random values and check every rank's block after each window of steps, and
// count what each rank sends while they run (at most its halos: no gather to one rank).

// Exercise 5: b.u's halo row above gets the last owned row of rank me-1 of comm, the one below
// the first owned row of rank me+1 (row bands: the ranks in order from the top).
void exchange_rows(Block& b, MPI_Comm comm);

// Exercise 6: the process grid and the blocking halo exchange.
struct CartGrid {
  CartGrid(MPI_Comm comm, int prows, int pcols);  // exercise 6
  ~CartGrid();
  CartGrid(const CartGrid&) = delete;
  CartGrid& operator=(const CartGrid&) = delete;
  MPI_Comm comm = MPI_COMM_NULL;  // Cartesian, not periodic
  int dims[2] = {1, 1}, coords[2] = {0, 0};
  int up = MPI_PROC_NULL, down = MPI_PROC_NULL, left = MPI_PROC_NULL, right = MPI_PROC_NULL;
};
// This rank's block of the grid (given: block_range of the rows by coords[0], of the columns by coords[1]).
Block cart_block(const Problem& p, const CartGrid& g);
// Exercise 6: one column of b's owned points (rows doubles, ld apart), committed; the caller frees it.
MPI_Datatype column_type(const Block& b);
// Exercise 6: b.u's four halos filled from the neighbours' owned edges (blocking).
void exchange_halos(Block& b, const CartGrid& g, MPI_Datatype column);
// Given: `steps` steps of exchange_halos then sweep_block, the grids swapped (heat_cart's).
void cart_steps(Block& b, const CartGrid& g, MPI_Datatype column, int steps, HaloSplit* split);
// Exercise 7: `steps` steps on b with the halos in flight while the inside is swept; the
// stepped owned points end in b.u.
void overlap_steps(Block& b, const CartGrid& g, MPI_Datatype column, int steps, HaloSplit* split);
// Exercise 8: cart_steps with `threads` OpenMP threads sweeping b.
void hybrid_steps(Block& b, const CartGrid& g, MPI_Datatype column, int steps, int threads, HaloSplit* split);

// ---- a rung's run ------------------------------------------------------------------------
// One run of a rung is three collective parts, so that the driver times the steps alone
// (Rung::staged_by): handing the field out and collecting it is not the lesson, and a
// shared-memory rung (omp) has neither to do.
//   stage_in   untimed: on a grid the process grid (exercise 6's CartGrid), then this rank's
//              block made from p (allocated, its owned points set): setup, not the lesson
//   run        timed: the steps, every halo exchange among them (the exercise's own code,
//              column_type included: no exercise code that sees a block runs untimed)
//   stage_out  untimed: the field gathered on rank 0's root_u; the block, grid and datatype freed
// stage_in and stage_out add the seconds of making the block and gathering the field to
// split->distribute (and count the run), outside the timed region.
class MpiRung {
 public:
  enum class Steps { rows, cart, overlap, hybrid };  // exercises 5, 6, 7, 8
  explicit MpiRung(Steps steps, MPI_Comm comm = MPI_COMM_WORLD, HaloSplit* split = nullptr)
      : steps_(steps), comm_(comm), split_(split) {}
  ~MpiRung() { release(); }
  MpiRung(const MpiRung&) = delete;
  MpiRung& operator=(const MpiRung&) = delete;
  // prows x pcols: the process grid (row bands: the ranks in order, the grid unused).
  void stage_in(const Problem& p, int prows, int pcols);
  void run(int threads);  // threads: hybrid's per rank (the others run on one)
  void stage_out(Field& root_u);
  void whole(const Problem& p, int prows, int pcols, Field& root_u, int threads = 1);  // all three

 private:
  void release();  // what stage_in and run made (also what a run that threw left)
  Steps steps_;
  MPI_Comm comm_;
  HaloSplit* split_;
  Block block_;
  std::optional<CartGrid> grid_;
  MPI_Datatype column_ = MPI_DATATYPE_NULL;
};
// One whole run each (MpiRung::whole): the tests'.
void heat_rows(const Problem& p, Field& root_u, MPI_Comm comm);
void heat_cart(const Problem& p, int prows, int pcols, Field& root_u, MPI_Comm comm, HaloSplit* split = nullptr);
void heat_overlap(const Problem& p, int prows, int pcols, Field& root_u, MPI_Comm comm, HaloSplit* split = nullptr);
void heat_hybrid(const Problem& p, int prows, int pcols, Field& root_u, MPI_Comm comm, int threads,
                 HaloSplit* split = nullptr);

}  // namespace parlab::heat
