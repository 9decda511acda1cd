// Module 07 under mpirun (1..6 ranks): every MPI rung's gathered field bit-identical to the
// oracle at odd shapes and on every process grid that fits (1 x p, p x 1, 2 x 3, 3 x 2, ...),
// one row (or one point) per rank included. Verdicts are reduced over the ranks before CHECK.
#include "support/catch.hpp"

#include <functional>

#include "heat_mpi.hpp"
#include "heat_shapes.hpp"
#include "parlab/mpi.hpp"

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
}

TEST_CASE("overlapped halos are bit-identical at odd shapes on every grid", "[07][mpi]") {
  HaloSplit split;
  on_every_grid(
      [&](const Problem& p, int pr, int pc, Field& u) { heat_overlap(p, pr, pc, u, MPI_COMM_WORLD, &split); });
  CHECK(mpi::all_ok(split.runs > 0 && split.compute > 0));
}

TEST_CASE("hybrid is bit-identical at odd shapes on every grid with 1 and 3 threads", "[07][mpi]") {
  for (int t : {1, 3}) {
    INFO(t << " threads per rank");
    on_every_grid([t](const Problem& p, int pr, int pc, Field& u) { heat_hybrid(p, pr, pc, u, MPI_COMM_WORLD, t); });
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
