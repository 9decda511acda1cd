// Driver: render the animation sequentially and write its frames as PNG files.
#include "parlab/driver.hpp"

int main(int argc, char** argv) {
  return parlab::run_render_driver(
      argc, argv,
      {.module = "01-sequential",
       .program = "seq_render",
       .about = "Render the ray-traced animation with one cook, frame after frame; --out writes the frames.",
       .rungs = {parlab::seq_render_rung()},
       .baseline = "seq",
       .defaults = parlab::RenderSettings{320, 180, 8, 4, 5}});
}
