// Module 07, one node: every rung's field bit-identical to the oracle's (reference_run) at odd
// shapes and 1, 3 and 17 threads, the fields poisoned before each run.
#include "support/catch.hpp"

#include <cmath>
#include <cstring>
#include <iostream>
#include <map>
#include <sstream>
#include <tuple>

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

TEST_CASE("a drawn inside: each seed its own field, the light cone of a point is the oracle's", "[07]") {
  Problem p{29, 23, 6, 0.2, 0};
  Field cold, a, b;
  init_field(p, cold);
  p.seed = 1, init_field(p, a);
  p.seed = 2, init_field(p, b);
  long differ = 0, inside = 0;
  for (long i = 0; i < p.ny; ++i)
    for (long j = 0; j < p.nx; ++j) {
      const bool edge = i == 0 || j == 0 || i == p.ny - 1 || j == p.nx - 1;
      if (edge) CHECK((a.row(i)[j] == cold.row(i)[j] && b.row(i)[j] == cold.row(i)[j]));  // the sources stay
      if (!edge) ++inside, differ += a.row(i)[j] != b.row(i)[j] && a.row(i)[j] >= 0 && a.row(i)[j] < 100;
    }
  CHECK(differ == inside);
  // Every point of the grid, near the boundary and far from it, more steps than the grid is wide included.
  for (const Problem& q : {Problem{29, 23, 6, 0.2, 9}, Problem{9, 7, 30, 0.25, 3}, Problem{1, 5, 4, 0.2, 5},
                           Problem{12, 12, 0, 0.2, 8}}) {
    const Field ref = reference_run(q);
    bool all = true;
    for (long i = 0; i < q.ny; ++i)
      for (long j = 0; j < q.nx; ++j) {
        const double v = light_cone_value(q, i, j);
        all = all && std::memcmp(&v, &ref.row(i)[j], sizeof v) == 0;
      }
    INFO(q.nx << " x " << q.ny << ", " << q.steps << " steps");
    CHECK(all);
  }
}

// A timed run (Ladder::refresh, then the rung, then verify) on both of verify's paths: sampled
// light cones (a grid far bigger than 16 cones) and the whole field (a small one).
TEST_CASE("a timed run's check passes an honest field and fails a stale, partial or tampered one", "[07]") {
  for (const Problem given : {Problem{300, 200, 5, 0.2}, Problem{30, 20, 5, 0.2}}) {
    INFO(given.nx << " x " << given.ny);
    Problem p = given;
    Field u, tmp;
    const Field ref = reference_run(p);
    Ladder l = heat_ladder(p, u, tmp, ref);
    fresh_fields(l, p, u);
    l.refresh(41);
    CHECK(p.seed != 0);
    heat_naive(p, u, tmp);  // honest
    CHECK(l.verify(1, 5).kind == Verdict::Kind::pass);
    const Field stale = u;
    l.refresh(42);  // a new draw: the last run's field is stale
    CHECK(l.verify(1, 6).kind == Verdict::Kind::fail);
    u = reference_run(given);  // the checked run's field (seed 0): stale too
    CHECK(l.verify(1, 7).kind == Verdict::Kind::fail);
    heat_naive(p, u, tmp);
    CHECK(l.verify(1, 8).kind == Verdict::Kind::pass);
    for (double& v : u.v) v = std::nextafter(v, 1e9);  // every point one ulp off
    CHECK(l.verify(1, 9).kind == Verdict::Kind::fail);
    Problem fewer = p;  // a rung that cuts the steps through a cast: verify keeps its own p
    fewer.steps = 4;
    heat_naive(fewer, u, tmp);
    CHECK(l.verify(1, 10).kind == Verdict::Kind::fail);
    l.poison();  // the checked run's problem back, as given
    CHECK((p.seed == 0 && p.steps == given.steps));
    heat_naive(p, u, tmp);
    CHECK(l.check(1).kind == Verdict::Kind::pass);
  }
}

// Through the Runner: a rung that keeps its field keyed on the problem (the memoising attack)
// passes its checked run and fails its timed ones; keyed on the drawn inside too, it computes
// every run and passes.
TEST_CASE("the Runner fails a rung that returns a field kept from an earlier run", "[07]") {
  Problem p{120, 90, 4, 0.2};
  Field u, tmp;
  const Field ref = reference_run(p);
  Ladder l = heat_ladder(p, u, tmp, ref);
  fresh_fields(l, p, u);
  std::map<std::tuple<long, long, int, std::uint64_t>, Field> kept;
  auto memo = [&](bool with_seed) {
    return [&, with_seed](int) {
      const auto key = std::make_tuple(p.nx, p.ny, p.steps, with_seed ? p.seed : 0);
      if (auto hit = kept.find(key); hit != kept.end()) return void(u = hit->second);
      heat_naive(p, u, tmp);
      kept[key] = u;
    };
  };
  RunOptions opt;
  opt.reps = 3, opt.min_time = 0;
  Runner runner(opt);
  std::ostringstream out;
  auto* old = std::cout.rdbuf(out.rdbuf());
  const std::vector<Record> recs =
      runner.run(l, {Rung("keyed_on_problem", "memo", memo(false)), Rung("keyed_on_inputs", "memo", memo(true))});
  std::cout.rdbuf(old);
  INFO(out.str());
  REQUIRE(recs.size() == 2);
  CHECK(!recs[0].validated);
  CHECK(recs[1].validated);
  CHECK(runner.failed == 1);
  CHECK(out.str().find("Solution FAILS [keyed_on_problem]: timed run 1") != std::string::npos);
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
