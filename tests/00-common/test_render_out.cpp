// --out writes the frames the rung made, as they were checked - not the sequential
// reference: a rung that fails validation shows what it got wrong.
#include "support/catch.hpp"

#include <unistd.h>

#include <filesystem>

#include "parlab/driver.hpp"
#include "parlab/main.hpp"

using namespace parlab;
namespace fs = std::filesystem;

namespace {
// The first frame a render driver with a correct and a broken rung writes, with `variant`.
Image first_frame_of(const std::string& variant, int& code) {
  const fs::path dir = fs::temp_directory_path() / ("parlab_render_out_" + std::to_string(::getpid()));
  const RenderDriver d{.module = "test",
                       .program = "render_out",
                       .about = "",
                       .rungs = {seq_render_rung(),
                                 {"dark", "forgets to render: every frame stays black",
                                  [](const Animation&, std::vector<Image>& frames, int) {
                                    for (auto& f : frames) f = Image(f.width(), f.height());
                                  }}},
                       .baseline = "seq",
                       .defaults = RenderSettings{16, 9, 2, 1, 2}};
  const std::string out = dir.string();
  const char* argv[] = {"render_out", "--variants", variant.c_str(), "--reps", "1", "--min-time", "0", "--out", out.c_str()};
  code = run_render_driver(9, argv, d);
  const Image img = png_supported() ? read_png((dir / "frame_0000.png").string()) : read_ppm((dir / "frame_0000.ppm").string());
  fs::remove_all(dir);
  return img;
}
}  // namespace

TEST_CASE("a render driver's --out writes the frames of the rung that ran, wrong ones too", "[render][out]") {
  int code = -1;
  const Image good = first_frame_of("seq", code);
  CHECK(code == kExitOk);
  CHECK(good == render_all_seq(Animation(RenderSettings{16, 9, 2, 1, 2})).at(0));
  const Image dark = first_frame_of("dark", code);
  CHECK(code == kExitFailed);
  CHECK(dark == Image(16, 9));  // black: what the broken rung made, not the reference
}
