// Given pieces of the lessons: the unpadded counters and the frame-buffer check.
#include <stdexcept>
#include <string>

#include "sync.hpp"
#include "threads.hpp"

namespace parlab::threads {

PerThreadCounts count_unpadded(int threads, long iters) { return count_per_thread<PlainSlot>(threads, iters); }

void check_frames(const Animation& anim, const std::vector<Image>& frames) {
  if (static_cast<int>(frames.size()) != anim.frames())
    throw std::invalid_argument("render: " + std::to_string(frames.size()) + " frame buffers for " +
                                std::to_string(anim.frames()) + " frames");
  for (const Image& img : frames)
    if (img.width() != anim.width() || img.height() != anim.height())
      throw std::invalid_argument("render: a frame buffer is " + std::to_string(img.width()) + "x" +
                                  std::to_string(img.height()) + ", the animation " + std::to_string(anim.width()) +
                                  "x" + std::to_string(anim.height()));
}

}  // namespace parlab::threads
