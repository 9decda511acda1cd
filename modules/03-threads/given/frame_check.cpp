// Given: the check every render rung makes of the frame buffers it was handed.
#include <stdexcept>
#include <string>

#include "threads.hpp"

namespace parlab::threads {

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
