// The background renderer's plumbing (given): start, cancel, progress and wait around
// exercise 5's worker (BackgroundRender::work, exercises/background_render.cpp), and the
// sequential producer/consumer loop that exercise 6's pipeline is measured against.
#include <stdexcept>

#include "async.hpp"

namespace parlab::async {

BackgroundRender::BackgroundRender(const Animation& anim, ProgressFn on_frame)
    : anim_(anim), on_frame_(std::move(on_frame)) {}

BackgroundRender::~BackgroundRender() {
  cancel();  // the jthread member then joins
}

void BackgroundRender::start() {
  if (started_) throw std::logic_error("BackgroundRender::start(): already started");
  started_ = true;
  if (stop_.stop_requested()) return;  // cancelled before it began: nothing to do
  clock_.reset();
  thread_ = std::jthread([this, stop = stop_.get_token()] {
    try {
      work(stop);
    } catch (...) {
      error_ = std::current_exception();
    }
    finished_ = true;
  });
}

void BackgroundRender::cancel() noexcept {
  stop_.request_stop();  // thread-safe and idempotent
}

Progress BackgroundRender::progress() const {
  Progress p;
  p.done = done_.load();
  p.total = anim_.frames();
  p.elapsed_s = started_ ? clock_.seconds() : 0.0;
  if (p.done > 0) p.eta_s = p.elapsed_s / p.done * (p.total - p.done);
  return p;
}

BackgroundRender::Result BackgroundRender::wait() {
  if (waited_) throw std::logic_error("BackgroundRender::wait(): called twice");
  if (!started_ && !stop_.stop_requested()) throw std::logic_error("BackgroundRender::wait(): not started");
  waited_ = true;
  if (!thread_.joinable()) return {true, {}};  // cancelled before start
  thread_.join();
  if (error_) std::rethrow_exception(error_);
  return {cancelled_, std::move(frames_)};
}

Image render_frame(const Animation& anim, int frame) {
  Image img = anim.blank();
  render_frame_seq(anim, frame, img);
  return img;
}

void pipeline_seq(int n, const Produce& produce, const Consume& consume) {
  for (int k = 0; k < n; ++k) consume(k, produce(k));
}

}  // namespace parlab::async
