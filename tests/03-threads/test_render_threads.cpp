// Module 03: every partitioning renders images bit-identical to the sequential
// render, at 1, 2, 3 and 7 threads; and the scene's cost is uneven enough that
// block partitioning is unbalanced while the cyclic deal is not (counted in rays, not timed).
#include "support/catch.hpp"
#include <functional>
#include <algorithm>

#include "parlab/error.hpp"
#include "threads.hpp"
#include "workers.hpp"

using namespace parlab;
using namespace parlab::threads;

namespace {
using RenderFn = std::function<void(const Animation&, std::vector<Image>&, int)>;

// Odd sizes, so that no partition divides the rows or the tiles evenly.
const RenderSettings kTiny{37, 23, 2, 1, 3};

void expect_identical(const std::string& name, const RenderFn& render, const RenderSettings& s = kTiny) {
  const Animation anim(s);
  const std::vector<Image> reference = render_all_seq(anim);
  for (int t : {1, 2, 3, 7}) {
    std::vector<Image> frames(anim.frames(), anim.blank());
    render(anim, frames, t);
    for (int f = 0; f < anim.frames(); ++f) {
      INFO(name << " threads=" << t << " frame " << f);
      CHECK(count_differences(frames[f], reference[f]) == 0);
    }
  }
}
}  // namespace

TEST_CASE("block partitioning renders bit-identical frames", "[03][render]") { expect_identical("block", render_block); }

TEST_CASE("cyclic partitioning renders bit-identical frames", "[03][render]") { expect_identical("cyclic", render_cyclic); }

TEST_CASE("work-queue partitioning renders bit-identical frames", "[03][render]") { expect_identical("queue", render_queue); }

TEST_CASE("thread-pool tiles render bit-identical frames, for any tile size", "[03][render][pool]") {
  for (int tile : {1, 7, kDefaultTile, 1000})
    expect_identical("pool tile=" + std::to_string(tile),
                     [tile](const Animation& a, std::vector<Image>& f, int t) { render_pool(a, f, t, tile); });
}

TEST_CASE("more threads than rows still renders every row", "[03][render]") {
  const RenderSettings flat{9, 2, 1, 1, 2};  // two rows, seven workers
  expect_identical("block", render_block, flat);
  expect_identical("cyclic", render_cyclic, flat);
  expect_identical("queue", render_queue, flat);
}

TEST_CASE("the render rungs refuse bad thread counts and wrong frame buffers", "[03][render][bad-input]") {
  const Animation anim(kTiny);
  std::vector<Image> frames(anim.frames(), anim.blank());
  for (const RenderFn& fn : std::vector<RenderFn>{render_block, render_cyclic, render_queue,
                                                  [](const Animation& a, std::vector<Image>& f, int t) { render_pool(a, f, t); }}) {
    CHECK_THROWS_WITH(fn(anim, frames, 0), Catch::Contains("is not a valid thread count"));
    CHECK_THROWS_WITH(fn(anim, frames, -3), Catch::Contains("is not a valid thread count"));
    CHECK_THROWS_WITH(fn(anim, frames, 100'000), Catch::Contains("more than the limit"));
    std::vector<Image> too_few(1, anim.blank());
    CHECK_THROWS_AS(fn(anim, too_few, 2), std::invalid_argument);
    std::vector<Image> wrong_size(anim.frames(), Image(5, 5));
    CHECK_THROWS_AS(fn(anim, wrong_size, 2), std::invalid_argument);
  }
  CHECK_THROWS_AS(render_pool(anim, frames, 2, 0), std::invalid_argument);  // tile size 0
}

namespace {
// One frame's rays per row: odd enough (54 rows) that no thread count below divides it.
std::vector<long> scene_rays() { return row_rays(Animation(RenderSettings{96, 54, 1, 2, 5}), 0); }
}  // namespace

TEST_CASE("block partitioning is unbalanced on this scene (counted in rays)", "[03][render][cost]") {
  // The lesson of the render exercises, without a clock: the rays each worker would cast.
  const std::vector<long> cost = scene_rays();
  REQUIRE(cost.size() == 54u);
  const auto [cheapest, dearest] = std::minmax_element(cost.begin(), cost.end());
  INFO("rays per row: " << *cheapest << " to " << *dearest);
  CHECK(*cheapest >= 96 * 2);       // at least one ray per sample
  CHECK(*dearest > 5 * *cheapest);  // rows differ a lot in cost
  for (int p : {2, 3, 7}) {
    INFO("threads=" << p << ": block " << block_imbalance(cost, p));
    CHECK(block_imbalance(cost, p) > 1.1);
  }
  CHECK(block_imbalance(cost, 1) == Approx(1.0));
  CHECK(block_imbalance(std::vector<long>{10, 10, 10, 10}, 2) == Approx(1.0));
  CHECK(block_imbalance(std::vector<long>{1, 1, 5, 5}, 2) == Approx(10.0 / 6.0));  // 10 of 12 rays on one cook
  CHECK(busiest_over_average(std::vector<long>{0, 0}) == Approx(1.0));
}

TEST_CASE("the cyclic deal balances this scene's rays, not a cost that repeats with the deal", "[03][render][cost]") {
  // Exercise 3's cost model: it must count the deal render_cyclic renders.
  const std::vector<long> cost = scene_rays();
  for (int p : {2, 3, 7}) {
    INFO("threads=" << p << ": block " << block_imbalance(cost, p) << ", cyclic " << cyclic_imbalance(cost, p));
    CHECK(cyclic_imbalance(cost, p) < 1.05);
    CHECK(cyclic_imbalance(cost, p) < block_imbalance(cost, p));
  }
  CHECK(cyclic_imbalance(cost, 1) == Approx(1.0));
  CHECK(cyclic_imbalance(std::vector<long>{1, 1, 5, 5}, 2) == Approx(1.0));  // where block puts 10 of 12 on one cook
  // Dear and cheap rows alternating with the deal's period: one cook draws every dear row.
  CHECK(cyclic_imbalance(std::vector<long>{1, 5, 1, 5, 1, 5}, 2) == Approx(15.0 / 9.0));
  CHECK(cyclic_imbalance(std::vector<long>{5, 1, 1, 5, 1, 1, 5}, 3) == Approx(15.0 * 3 / 19.0));
  // Fewer rows than cooks: the cooks without a row count as idle (4 cooks, 3 equal rows).
  CHECK(cyclic_imbalance(std::vector<long>{3, 3, 3}, 4) == Approx(4.0 / 3.0));
  CHECK_THROWS_AS(cyclic_imbalance(cost, 0), usage_error);
}
