// Exercise 5 - render in the background, with progress and cancellation.
//
// The foreground must stay responsive: start() returns at once, the frames
// render on a std::jthread. Cancelling is cooperative: the renderer checks its
// std::stop_token between rows, so it stops within one row of the request and
// leaves only whole frames behind. Progress is published through an atomic
// counter that the foreground may read at any time. The rest of the class (start,
// cancel, progress, wait) is given: given/background.cpp.
#include "async.hpp"
#include "parlab/error.hpp"

namespace parlab::async {

void BackgroundRender::work(std::stop_token stop) {
  // BEGIN SOLUTION
  for (int f = 0; f < anim_.frames(); ++f) {
    Image img = anim_.blank();
    for (int y = 0; y < anim_.height(); ++y) {
      if (stop.stop_requested()) {  // checked often: cancel must feel immediate
        cancelled_ = true;
        return;
      }
      render_rows(anim_, f, img, y, y + 1);
    }
    frames_.push_back(std::move(img));
    done_.store(f + 1);  // publish after the frame is stored
    if (on_frame_) on_frame_(progress());
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the worker's job: render the animation frame by frame, publish each
  // // finished frame (frames_, done_) and report progress through on_frame_ if it is set;
  // // give up promptly, between two rows, when a stop is requested, and remember that
  // // it was cancelled.
  // // Constraint: the caller's thread keeps running meanwhile and reads progress() at any
  // // moment: whatever it reads must be consistent (see the members' comments).
  // // Look up: std::stop_token::stop_requested, std::atomic::store, render_rows.
  // // Think: why check for a stop once per row and not once per frame or per pixel? What
  // // is the latency of a cancel request in each case?
  // (void)stop;
  // throw not_implemented("BackgroundRender::work (modules/02-async/exercises/background_render.cpp)");
  // END STUDENT
}

}  // namespace parlab::async
