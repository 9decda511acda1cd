// Module 07, one node: every rung's field bit-identical to the oracle's (reference_run) at odd
// shapes and 1, 3 and 17 threads, the fields poisoned before each run.
#include "support/catch.hpp"

#include <sstream>

#include "heat_ladder.hpp"
#include "heat_shapes.hpp"
#include "parlab/error.hpp"

using namespace parlab;
using namespace parlab::heat;
using namespace parlab::heat::test;

namespace {
// Every odd shape: the field `rung` leaves is the oracle's, bit for bit.
template <class Rung>
void check_every_shape(Rung rung) {
  on_every_shape(rung, [](const Problem& p, const Field& u, const Field& ref) {
    INFO(p.nx << " x " << p.ny << ", " << p.steps << " steps");
    CHECK(same_bits(u, ref));
  });
}
}  // namespace

TEST_CASE("the oracle: the boundary stays, the heat flows in, naive agrees", "[07]") {
  const Problem p{13, 11, 20, 0.2};
  Field start;
  init_field(p, start);
  const Field ref = reference_run(p);
  bool boundary_kept = true, warmed = false;
  for (long i = 0; i < p.ny; ++i)
    for (long j = 0; j < p.nx; ++j) {
      const bool edge = i == 0 || j == 0 || i == p.ny - 1 || j == p.nx - 1;
      if (edge) boundary_kept = boundary_kept && ref.row(i)[j] == start.row(i)[j];
      if (!edge) warmed = warmed || ref.row(i)[j] > 0;
    }
  CHECK(boundary_kept);
  CHECK(warmed);
  check_every_shape([](const Problem& q, Field& u, Field& tmp) { heat_naive(q, u, tmp); });
}

TEST_CASE("the ladder's check fails a poisoned or changed field and passes the oracle's", "[07]") {
  const Problem p{7, 5, 3, 0.2};
  Field u, tmp;
  const Field ref = reference_run(p);
  Ladder l = heat_ladder(p, u, tmp, ref);
  l.poison();
  CHECK(l.check(1).kind == Verdict::Kind::fail);
  u = ref;
  CHECK(l.check(1).kind == Verdict::Kind::pass);
  u.v[2 * 7 + 3] += 1e-12;
  const Verdict v = l.check(1);
  CHECK(v.kind == Verdict::Kind::fail);
  CHECK(v.detail.find("(2, 3)") != std::string::npos);
  CHECK(l.proto.roof == Roof::memory);
  CHECK(l.proto.bytes == 16.0 * 5 * 3 * 3);
}

TEST_CASE("seq is bit-identical to the oracle at odd shapes", "[07][seq]") {
  check_every_shape([](const Problem& q, Field& u, Field& tmp) { heat_seq(q, u, tmp); });
}

TEST_CASE("seq sweep_block updates exactly its rectangle", "[07][seq]") {
  const long ld = 9, rows = 6;
  std::vector<double> in(ld * rows), out(ld * rows, -1.0);
  for (std::size_t k = 0; k < in.size(); ++k) in[k] = double(k % 7);
  sweep_block(in.data(), out.data(), ld, 2, 4, 3, 7, 0.25);
  for (long i = 0; i < rows; ++i)
    for (long j = 0; j < ld; ++j) {
      const double* c = &in[i * ld + j];
      const bool inside = i >= 2 && i < 4 && j >= 3 && j < 7;
      INFO("(" << i << ", " << j << ")");
      CHECK(out[i * ld + j] == (inside ? heat_point(c[0], c[-ld], c[ld], c[-1], c[1], 0.25) : -1.0));
    }
}

TEST_CASE("omp is bit-identical to the oracle at odd shapes on 1, 3 and 17 threads", "[07][omp]") {
  for (int t : {1, 3, 17}) {
    INFO(t << " threads");
    check_every_shape([t](const Problem& q, Field& u, Field& tmp) { heat_omp(q, u, tmp, t); });
  }
}

TEST_CASE("blocked is bit-identical to the oracle at odd shapes, blocks and 1, 3, 17 threads", "[07][blocked]") {
  for (int t : {1, 3, 17})
    for (int block : {1, 2, 3, 8}) {
      INFO(t << " threads, block " << block);
      check_every_shape([t, block](const Problem& q, Field& u, Field& tmp) { heat_blocked(q, u, tmp, t, block); });
    }
}

TEST_CASE("bad problems are refused naming the option", "[07]") {
  CHECK_THROWS_WITH(check_problem({0, 5, 1, 0.2}), Catch::Contains("--nx"));
  CHECK_THROWS_WITH(check_problem({5, 0, 1, 0.2}), Catch::Contains("--ny"));
  CHECK_THROWS_WITH(check_problem({5, 5, 1, 0.3}), Catch::Contains("--alpha"));
  CHECK_NOTHROW(check_problem({1, 1, 0, 0.25}));
}
