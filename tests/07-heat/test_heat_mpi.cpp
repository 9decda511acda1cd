// Module 07 under mpirun (1..6 ranks): every MPI rung's gathered field bit-identical to the
// oracle at odd shapes and on every process grid that fits (1 x p, p x 1, 2 x 3, 3 x 2, ...),
// one row (or one point) per rank included. Verdicts are reduced over the ranks before CHECK.
// Each exercise's own function is also run on blocks of random values (random_blocks.hpp):
// every rank's block checked after each window of steps, and what each rank sent counted
// (mpi_traffic.hpp): at most its halos, no collective. So a rung that computes the field on
// one rank (or on every rank) from the Problem, or gathers it to one rank, fails here.
#include "support/catch.hpp"

#include <functional>

#include "heat_mpi.hpp"
#include "heat_shapes.hpp"
#include "mpi_traffic.hpp"
#include "parlab/mpi.hpp"
#include "parlab/partition.hpp"
#include "random_blocks.hpp"

using namespace parlab;
using namespace parlab::heat;
using namespace parlab::heat::test;

namespace {
bool root() { return mpi::rank() == 0; }

// Every rank runs rung(p, root_u); true on all ranks if rank 0's field is the oracle's.
bool gathered_ok(const Problem& p, const std::function<void(const Problem&, Field&)>& rung) {
  Field u, tmp;
  if (root()) poison(p, u, tmp);
  rung(p, u);
  bool ok = true;
  if (root()) {
    ok = same_bits(u, reference_run(p));
    if (!ok) UNSCOPED_INFO(p.nx << " x " << p.ny << ", " << p.steps << " steps");
  }
  return mpi::all_ok(ok);
}

// Every prows x pcols grid of all the ranks that gives each rank a row and a column.
std::vector<std::pair<int, int>> grids(const Problem& p) {
  std::vector<std::pair<int, int>> out;
  const int n = mpi::size();
  for (int r = 1; r <= n; ++r)
    if (n % r == 0 && r <= p.ny && n / r <= p.nx) out.push_back({r, n / r});
  return out;
}

// The odd shapes, and one row (one point) per rank for the rank count of this run.
std::vector<Problem> shapes() {
  std::vector<Problem> s = odd_shapes();
  const long n = mpi::size();
  s.push_back({7, n, 3, 0.2});      // one row per rank
  s.push_back({n, n, 4, 0.25});     // one point per rank on a p x 1 or 1 x p grid
  s.push_back({2 * n + 1, n + 2, 6, 0.2});
  return s;
}

// One window's traffic on this rank within `budget` bytes of halos and with no collective
// (else it says which rank did what).
bool within_halos(const Traffic& t, double budget) {
  if (t.collectives)
    UNSCOPED_INFO("rank " << mpi::rank() << " called " << t.first
                          << " inside the steps: a halo exchange is point to point, between neighbours");
  else if (t.bytes > budget)
    UNSCOPED_INFO("rank " << mpi::rank() << " sent " << t.bytes << " bytes where its halos are at most " << budget
                          << ": the field is going through one rank");
  return t.collectives == 0 && t.bytes <= budget;
}

// The shapes of the random blocks: blocks far bigger than their halos (a gather shows), one
// row per rank, primes.
std::vector<Problem> random_shapes() {
  const long n = mpi::size();
  return {{64, 60, 2, 0.2}, {7, n, 2, 0.25}, {13, 17, 2, 0.2}};
}

// `exchange(b)` on two random fields cut into this rank's block b: the halos are the
// neighbours' edges, the owned points untouched, the traffic at most the halos.
template <class Exchange>
bool exchange_ok(Block& b, Exchange exchange) {
  bool ok = true;
  for (int call = 0; call < 2; ++call) {  // a new field each call: nothing kept from the last helps
    const Field f = random_field(b.p.nx, b.p.ny);
    fill_block(b, f);
    Traffic t;
    {
      TrafficWindow w;
      exchange(b);
      t = w.read();
    }
    ok = within_halos(t, halo_bytes(b)) && owned_match(b, f) && halos_match(b, f) && ok;
  }
  return mpi::all_ok(ok);
}

// `steps(b, g, column, k)` on a random field cut into the blocks of a pr x pc grid, in windows
// of 1 and 2 steps: every rank's block is the serial field's after each window, and each
// rank sent at most its halos per step.
template <class Steps>
bool windows_ok(const Problem& p, int pr, int pc, Steps steps) {
  CartGrid g(MPI_COMM_WORLD, pr, pc);
  Block b = cart_block(p, g);
  MPI_Datatype column = column_type(b);
  Field f = random_field(p.nx, p.ny);
  fill_block(b, f);
  bool ok = true;
  for (int k : {1, 2}) {
    Traffic t;
    {
      TrafficWindow w;
      steps(b, g, column, k);
      t = w.read();
    }
    serial_steps(f, p.alpha, k);
    ok = within_halos(t, k * halo_bytes(b)) && owned_match(b, f) && ok;
  }
  MPI_Type_free(&column);
  return mpi::all_ok(ok);
}

// windows_ok on every random shape and grid.
template <class Steps>
void windows_on_every_grid(Steps steps) {
  for (const Problem& p : random_shapes())
    for (auto [pr, pc] : grids(p)) {
      INFO("random " << p.nx << " x " << p.ny << " field on a " << pr << " x " << pc << " grid");
      CHECK(windows_ok(p, pr, pc, steps));
    }
}

template <class Rung>
void on_every_grid(Rung rung) {
  for (const Problem& p : shapes())
    for (auto [pr, pc] : grids(p)) {
      INFO(p.nx << " x " << p.ny << " on a " << pr << " x " << pc << " grid");
      CHECK(gathered_ok(p, [&](const Problem& q, Field& u) { rung(q, pr, pc, u); }));
    }
}
}  // namespace

TEST_CASE("row bands are bit-identical at odd shapes, one row per rank included", "[07][mpi]") {
  for (const Problem& p : shapes()) {
    if (p.ny < mpi::size()) continue;  // the driver refuses it (tested there)
    INFO(p.nx << " x " << p.ny);
    CHECK(gathered_ok(p, [](const Problem& q, Field& u) { heat_rows(q, u, MPI_COMM_WORLD); }));
  }
  for (const Problem& p : random_shapes()) {
    INFO("exchange_rows on a random " << p.nx << " x " << p.ny << " field");
    const Range band = block_range(p.ny, mpi::size(), mpi::rank());
    Block b = make_block(p, band.begin, band.size(), 0, p.nx);
    CHECK(exchange_ok(b, [](Block& x) { exchange_rows(x, MPI_COMM_WORLD); }));
  }
}

TEST_CASE("the process grid: coordinates and neighbours on every shape", "[07][mpi]") {
  const int n = mpi::size(), me = mpi::rank();
  for (int pr = 1; pr <= n; ++pr) {
    if (n % pr) continue;
    const int pc = n / pr;
    CartGrid g(MPI_COMM_WORLD, pr, pc);
    const int i = me / pc, j = me % pc;  // no reordering: row-major
    bool ok = g.dims[0] == pr && g.dims[1] == pc && g.coords[0] == i && g.coords[1] == j;
    ok = ok && g.up == (i > 0 ? me - pc : MPI_PROC_NULL) && g.down == (i < pr - 1 ? me + pc : MPI_PROC_NULL);
    ok = ok && g.left == (j > 0 ? me - 1 : MPI_PROC_NULL) && g.right == (j < pc - 1 ? me + 1 : MPI_PROC_NULL);
    INFO(pr << " x " << pc << " grid");
    CHECK(mpi::all_ok(ok));
  }
}

TEST_CASE("a 2-D grid is bit-identical at odd shapes on every grid", "[07][mpi]") {
  on_every_grid([](const Problem& p, int pr, int pc, Field& u) { heat_cart(p, pr, pc, u, MPI_COMM_WORLD); });
  for (const Problem& p : random_shapes())
    for (auto [pr, pc] : grids(p)) {
      INFO("exchange_halos on a random " << p.nx << " x " << p.ny << " field, " << pr << " x " << pc << " grid");
      CartGrid g(MPI_COMM_WORLD, pr, pc);
      Block b = cart_block(p, g);
      MPI_Datatype column = column_type(b);
      CHECK(exchange_ok(b, [&](Block& x) { exchange_halos(x, g, column); }));
      MPI_Type_free(&column);
    }
}

TEST_CASE("overlapped halos are bit-identical at odd shapes on every grid", "[07][mpi]") {
  HaloSplit split;
  on_every_grid(
      [&](const Problem& p, int pr, int pc, Field& u) { heat_overlap(p, pr, pc, u, MPI_COMM_WORLD, &split); });
  CHECK(mpi::all_ok(split.runs > 0 && split.compute > 0));
  windows_on_every_grid([](Block& b, const CartGrid& g, MPI_Datatype c, int k) { overlap_steps(b, g, c, k, nullptr); });
}

TEST_CASE("hybrid is bit-identical at odd shapes on every grid with 1 and 3 threads", "[07][mpi]") {
  for (int t : {1, 3}) {
    INFO(t << " threads per rank");
    on_every_grid([t](const Problem& p, int pr, int pc, Field& u) { heat_hybrid(p, pr, pc, u, MPI_COMM_WORLD, t); });
    windows_on_every_grid(
        [t](Block& b, const CartGrid& g, MPI_Datatype c, int k) { hybrid_steps(b, g, c, k, t, nullptr); });
  }
}

TEST_CASE("grid_shape fits the field or names both sides", "[07][mpi]") {
  int pr = 0, pc = 0;
  grid_shape(6, Problem{100, 2, 1, 0.2}, pr, pc);
  CHECK((pr <= 2 && pr * pc == 6));
  grid_shape(4, Problem{1, 20, 1, 0.2}, pr, pc);  // not MPI's 2 x 2: only 4 x 1 fits
  CHECK((pr == 4 && pc == 1));
  CHECK_THROWS_WITH(grid_shape(7, Problem{5, 5, 1, 0.2}, pr, pc),
                    Catch::Contains("--nx 5 and --ny 5 are too small for every process grid of 7 ranks (7 x 1, 1 x 7)"));
}

TEST_CASE("the halo model counts one message per neighbour and step", "[07][mpi]") {
  const Problem p{10, 7, 3, 0.2};  // 2 x 2 grid: blocks of 4 or 3 rows, 5 columns
  const double a = 1e-6, bw = 1e9;
  CHECK(predicted_halo_s(p, 1, 1, 0, a, bw) == 0.0);
  // rank 0: a neighbour below (a row of 5 doubles) and one on the right (a column of 4 rows)
  CHECK(predicted_halo_s(p, 2, 2, 0, a, bw) == Approx(3 * ((a + 40 / bw) + (a + 32 / bw))));
  // rank 1 of a 1 x 3 band of columns (the middle): two columns of 7 rows
  CHECK(predicted_halo_s(p, 1, 3, 1, a, bw) == Approx(3 * 2 * (a + 56 / bw)));
}
