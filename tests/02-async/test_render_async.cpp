// Module 02, exercises 5-6: background rendering with progress and cancel, and
// the frame pipeline that overlaps writing frame k with rendering frame k+1.
#include "support/catch.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "async.hpp"
#include "rendezvous.hpp"

using namespace parlab;
using namespace parlab::async;

namespace {
const RenderSettings kTiny{40, 24, 5, 1, 3};
}

TEST_CASE("background render: frames identical to sequential and progress monotone and complete", "[02][render]") {
  const Animation anim(kTiny);
  std::vector<int> seen;  // written by the background thread, read after wait()
  BackgroundRender job(anim, [&](const Progress& p) {
    CHECK(p.total == anim.frames());
    seen.push_back(p.done);
  });
  CHECK(job.progress().done == 0);
  job.start();
  const auto result = job.wait();
  CHECK_FALSE(result.cancelled);
  REQUIRE(result.frames.size() == static_cast<std::size_t>(anim.frames()));
  const auto reference = render_all_seq(anim);
  for (int f = 0; f < anim.frames(); ++f) CHECK(result.frames[f] == reference[f]);
  CHECK(seen == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(job.finished());
  CHECK(job.progress().done == anim.frames());
  CHECK(job.progress().eta_s == 0.0);
}

TEST_CASE("background render: cancel before start renders nothing", "[02][render]") {
  const Animation anim(kTiny);
  int calls = 0;
  BackgroundRender job(anim, [&](const Progress&) { ++calls; });
  job.cancel();
  job.start();
  const auto result = job.wait();
  CHECK(result.cancelled);
  CHECK(result.frames.empty());
  CHECK(calls == 0);
}

TEST_CASE("background render: cancel mid-way stops at once and twice is harmless", "[02][render]") {
  const Animation anim(RenderSettings{40, 24, 50, 1, 3});
  // The progress callback of frame 2 holds the renderer until the test has
  // cancelled: the renderer must stop before finishing another frame.
  std::mutex m;
  std::condition_variable cv;
  bool reached = false, cancelled = false;
  BackgroundRender job(anim, [&](const Progress& p) {
    if (p.done != 2) return;
    std::unique_lock lock(m);
    reached = true;
    cv.notify_all();
    cv.wait(lock, [&] { return cancelled; });
  });
  job.start();
  {
    // Wait for frame 2 (generous deadline), but stop early if the renderer ended without it.
    std::unique_lock lock(m);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!reached && !job.finished() && std::chrono::steady_clock::now() < deadline)
      cv.wait_for(lock, std::chrono::milliseconds(10));
    if (!reached) {
      cancelled = true;  // never leave the callback blocked
      cv.notify_all();
      lock.unlock();
      CHECK_THROWS(job.wait());  // a stub or a crash in the renderer: show its exception
    }
    REQUIRE(reached);
  }
  job.cancel();
  job.cancel();
  {
    std::lock_guard lock(m);
    cancelled = true;
  }
  cv.notify_all();
  const auto result = job.wait();
  job.cancel();  // after the end: still harmless
  CHECK(result.cancelled);
  REQUIRE(result.frames.size() == 2);  // the two whole frames, none after the cancel
  CHECK(result.frames[0] == render_frame(anim, 0));
  CHECK(result.frames[1] == render_frame(anim, 1));
  CHECK(job.progress().done == 2);
}

TEST_CASE("background render: misuse is refused and an exception reaches wait()", "[02][render]") {
  const Animation anim(kTiny);
  {
    BackgroundRender job(anim);
    CHECK_THROWS_AS(job.wait(), std::logic_error);  // not started
    job.start();
    CHECK_THROWS_AS(job.start(), std::logic_error);
    job.wait();
    CHECK_THROWS_AS(job.wait(), std::logic_error);
  }
  {
    BackgroundRender job(anim, [](const Progress& p) {
      if (p.done == 3) throw std::runtime_error("disk full");
    });
    job.start();
    CHECK_THROWS_WITH(job.wait(), "disk full");
  }
  {
    // Destroyed while rendering, without wait(): cancels and joins, no thread left behind.
    const Animation big(RenderSettings{64, 48, 200, 1, 3});
    BackgroundRender job(big);
    job.start();
  }
}

TEST_CASE("pipeline: frames written in order and bit-identical and one write at a time", "[02][pipeline]") {
  const Animation anim(kTiny);
  const auto reference = render_all_seq(anim);
  for (auto pipeline : {pipeline_seq, pipeline_overlapped}) {
    std::vector<Image> written;
    std::atomic<int> writing{0};
    int most = 0;
    pipeline(
        anim.frames(), [&](int k) { return render_frame(anim, k); },
        [&](int k, const Image& img) {
          most = std::max(most, ++writing);
          CHECK(k == static_cast<int>(written.size()));
          written.push_back(img);
          --writing;
        });
    REQUIRE(written.size() == reference.size());
    for (std::size_t f = 0; f < written.size(); ++f) CHECK(written[f] == reference[f]);
    CHECK(most == 1);
  }
}

TEST_CASE("pipeline: writing frame k overlaps producing frame k+1", "[02][pipeline]") {
  // produce(1) and consume(0) must run at the same time: each waits for the other.
  Rendezvous meet(2);
  std::atomic<int> met{0};
  pipeline_overlapped(
      3,
      [&](int k) {
        if (k == 1) met += meet.arrive_and_wait();
        return Image(2, 2);
      },
      [&](int k, const Image&) {
        if (k == 0) met += meet.arrive_and_wait();
      });
  CHECK(met == 2);
}

TEST_CASE("pipeline: exceptions from either stage reach the caller", "[02][pipeline]") {
  int consumed = 0;
  auto produce = [](int k) {
    if (k == 2) throw std::runtime_error("render failed");
    return Image(2, 2);
  };
  CHECK_THROWS_WITH(pipeline_overlapped(5, produce, [&](int, const Image&) { ++consumed; }), "render failed");
  CHECK(consumed == 2);
  auto consume = [](int k, const Image&) {
    if (k == 1) throw std::runtime_error("write failed");
  };
  CHECK_THROWS_WITH(pipeline_overlapped(5, [](int) { return Image(2, 2); }, consume), "write failed");
  pipeline_overlapped(0, produce, consume);  // no frames: nothing happens
}
