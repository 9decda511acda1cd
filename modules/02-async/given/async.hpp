// Module 02: responsive rendering. The animation renders in the background while
// the foreground shows progress and can cancel; writing frame k overlaps with
// rendering frame k+1.
#pragma once
#include <atomic>
#include <cmath>
#include <exception>
#include <functional>
#include <stop_token>
#include <thread>
#include <vector>

#include "parlab/image.hpp"
#include "parlab/render.hpp"
#include "parlab/timing.hpp"

namespace parlab::async {

struct Progress {
  int done = 0;         // frames finished
  int total = 0;
  double elapsed_s = 0;
  double eta_s = NAN;   // estimated seconds left (NaN before the first frame)
};
using ProgressFn = std::function<void(const Progress&)>;

// Renders every frame of an animation on one background thread.
//   BackgroundRender job(anim, on_frame);  job.start();
//   ... the foreground stays free: job.progress(), job.cancel() ...
//   auto result = job.wait();
class BackgroundRender {
 public:
  struct Result {
    bool cancelled = false;
    std::vector<Image> frames;  // the finished frames, in order (all of them unless cancelled)
  };
  // on_frame runs on the background thread after each frame (done = 1, 2, ... total).
  explicit BackgroundRender(const Animation& anim, ProgressFn on_frame = {});
  ~BackgroundRender();  // cancels and waits: never leaves a thread behind
  BackgroundRender(const BackgroundRender&) = delete;
  BackgroundRender& operator=(const BackgroundRender&) = delete;

  void start();             // returns at once; std::logic_error if called twice
  void cancel() noexcept;   // any time, any thread, any number of times
  Progress progress() const;
  bool finished() const { return finished_.load(); }
  // Waits for the background thread; rethrows its exception. Once only.
  Result wait();

 private:
  void work(std::stop_token stop);  // exercise 5: runs on the background thread

  const Animation& anim_;
  ProgressFn on_frame_;
  Stopwatch clock_;
  std::atomic<int> done_{0};
  std::atomic<bool> finished_{false};
  std::stop_source stop_;  // cancel() may run on any thread, before or after start()
  bool started_ = false, waited_ = false;
  // Owned by the background thread until it has been joined:
  std::vector<Image> frames_;
  bool cancelled_ = false;
  std::exception_ptr error_;
  std::jthread thread_;  // last: destroyed (joined) before the members it uses
};

// One frame, rendered sequentially: the producer of the pipelines below.
Image render_frame(const Animation& anim, int frame);

// A two-stage pipeline over frames 0..n-1: produce(k) makes frame k, consume(k, img)
// writes it. consume is called in order, never twice at once.
using Produce = std::function<Image(int)>;
using Consume = std::function<void(int, const Image&)>;
// Given: one stage after the other, time = sum of both.
void pipeline_seq(int n, const Produce& produce, const Consume& consume);
// Exercise 6 (frame_pipeline.cpp): consume frame k on another thread while frame
// k+1 is produced; time ~ n * max(produce, consume). Exceptions from either stage
// reach the caller; at most one consume runs at a time.
void pipeline_overlapped(int n, const Produce& produce, const Consume& consume);

}  // namespace parlab::async
