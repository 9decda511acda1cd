// Driver: render the animation sequentially and write its frames as PNG files.
#include "parlab/driver.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  RenderDriver d;
  d.module = "01-sequential";
  d.program = "seq_render";
  d.about = "Render the ray-traced animation with one cook, frame after frame; --out writes the frames.";
  d.rungs = {seq_render_rung()};
  d.defaults = RenderSettings{320, 180, 8, 4, 5};
  return run_render_driver(argc, argv, d);
}
