// Module 04: every OpenMP rendering rung gives images bit-identical to the
// sequential render, on 1, 2, 3 and 5 threads, also with more threads than rows.
#include "support/catch.hpp"
#include <functional>

#include "openmp.hpp"

using namespace parlab;

namespace {
using Rung = std::function<void(const Animation&, std::vector<Image>&, int)>;

void expect_identical(const Rung& rung, const RenderSettings& s, int threads) {
  const Animation anim(s);
  const std::vector<Image> want = render_all_seq(anim);
  std::vector<Image> got(anim.frames(), anim.blank());
  rung(anim, got, threads);
  for (int f = 0; f < anim.frames(); ++f) {
    INFO(s.width << "x" << s.height << " frame " << f << " threads=" << threads);
    CHECK(count_differences(got[f], want[f]) == 0);
  }
}

void check_rung(const Rung& rung) {
  for (int t : {1, 2, 3, 5}) {
    expect_identical(rung, RenderSettings{37, 21, 3, 1, 3}, t);  // sizes that divide nothing
    expect_identical(rung, RenderSettings{5, 2, 2, 1, 2}, t);    // fewer rows than threads
  }
}
}  // namespace

TEST_CASE("render with a run-time schedule is bit-identical to sequential for every kind", "[04][render]") {
  for (omp_sched_t kind : {omp_sched_static, omp_sched_dynamic, omp_sched_guided, omp_sched_auto})
    for (int chunk : {0, 1, 3}) {
      INFO("kind " << int(kind) << " chunk " << chunk);
      check_rung([=](auto& a, auto& f, int t) { omp::render_scheduled(a, f, t, {kind, chunk}); });
    }
}
TEST_CASE("render schedule(static) is bit-identical to sequential", "[04][render]") { check_rung(omp::render_static); }
TEST_CASE("render schedule(static, 1) is bit-identical to sequential", "[04][render]") { check_rung(omp::render_static1); }
TEST_CASE("render schedule(dynamic, k) is bit-identical to sequential", "[04][render]") {
  check_rung([](auto& a, auto& f, int t) { omp::render_dynamic(a, f, t); });
  check_rung([](auto& a, auto& f, int t) { omp::render_dynamic(a, f, t, 7); });
}
TEST_CASE("render schedule(guided) is bit-identical to sequential", "[04][render]") { check_rung(omp::render_guided); }
TEST_CASE("render tiles is bit-identical to sequential", "[04][render]") {
  check_rung([](auto& a, auto& f, int t) { omp::render_tiles(a, f, t); });
  check_rung([](auto& a, auto& f, int t) { omp::render_tiles(a, f, t, 5); });
}
TEST_CASE("render frames in parallel is bit-identical to sequential", "[04][render]") { check_rung(omp::render_frames); }
TEST_CASE("render collapsed frames x rows is bit-identical to sequential", "[04][render]") {
  check_rung(omp::render_collapsed);
}
