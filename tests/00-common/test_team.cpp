// The framework's kept team (parlab/team.hpp): every part of a job runs once, on distinct
// threads at the same time, the team grows and shrinks with the asked count, and two
// callers take turns.
#include "support/catch.hpp"

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "parlab/team.hpp"

using parlab::team_run;

namespace {
// Runs a job of `threads` parts in which every part waits until all have started: it ends
// only if the parts run at the same time. Returns how often each part ran and on which threads.
std::pair<std::vector<int>, std::set<std::thread::id>> concurrent_job(int threads) {
  std::vector<std::atomic<int>> runs(static_cast<std::size_t>(threads));
  std::atomic<int> started{0};
  std::mutex mu;
  std::set<std::thread::id> ids;
  team_run(threads, [&](int t) {
    runs[std::size_t(t)]++;
    {
      const std::lock_guard<std::mutex> lock(mu);
      ids.insert(std::this_thread::get_id());
    }
    started++;
    while (started.load() < threads) std::this_thread::yield();
  });
  std::vector<int> counts;
  for (auto& r : runs) counts.push_back(r.load());
  return {counts, ids};
}
}  // namespace

TEST_CASE("the kept team runs every part once, at the same time, on its own threads", "[team]") {
  for (int threads : {1, 3, 2, 5, 1, 4}) {  // grows, shrinks, grows again
    const auto [counts, ids] = concurrent_job(threads);
    CHECK(counts == std::vector<int>(std::size_t(threads), 1));
    CHECK(ids.size() == std::size_t(threads));
    CHECK(ids.count(std::this_thread::get_id()) == 1);  // part 0 is the caller's
  }
  team_run(0, [](int t) { CHECK(t == 0); });  // fewer than one: the caller alone
}

TEST_CASE("the kept team serves two callers in turn, each job whole", "[team]") {
  std::atomic<int> total{0};
  auto caller = [&] {
    for (int i = 0; i < 50; ++i) {
      std::atomic<int> parts{0};
      team_run(3, [&](int) { parts++; });
      CHECK(parts.load() == 3);  // every part done when team_run returns
      total += parts.load();
    }
  };
  std::thread a(caller), b(caller);
  a.join(), b.join();
  CHECK(total.load() == 300);
}
