// Images, PNG/PPM files and the renderer's determinism.
#include "support/catch.hpp"
#include <filesystem>
#include <fstream>

#include "parlab/error.hpp"
#include "parlab/image.hpp"
#include "parlab/render.hpp"

using namespace parlab;
namespace fs = std::filesystem;

namespace {
Image gradient(int w, int h) {
  Image img(w, h);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) img.at(x, y) = {std::uint8_t(x * 7), std::uint8_t(y * 11), std::uint8_t(x ^ y)};
  return img;
}
fs::path tmp(const std::string& name) { return fs::temp_directory_path() / name; }
}  // namespace

TEST_CASE("count_differences counts pixels, all of them when sizes differ", "[image]") {
  Image a = gradient(8, 4), b = a;
  CHECK(count_differences(a, b) == 0);
  b.at(3, 2).g ^= 1;
  CHECK(count_differences(a, b) == 1);
  CHECK(count_differences(a, Image(4, 8)) == 32);
  CHECK_THROWS_AS(Image(0, 4), std::invalid_argument);
}

TEST_CASE("PNG files round-trip exactly", "[image][png]") {
  REQUIRE(png_supported());
  const Image img = gradient(33, 17);
  const auto path = tmp("parlab_roundtrip.png").string();
  write_png(img, path);
  std::ifstream f(path, std::ios::binary);
  char sig[8];
  f.read(sig, 8);
  CHECK(std::string(sig + 1, 3) == "PNG");
  CHECK(read_png(path) == img);
}

TEST_CASE("PPM files round-trip exactly", "[image]") {
  const Image img = gradient(5, 9);
  const auto path = tmp("parlab_roundtrip.ppm").string();
  write_ppm(img, path);
  CHECK(read_ppm(path) == img);
}

TEST_CASE("reading a missing or foreign file fails with a clear error", "[image]") {
  CHECK_THROWS_WITH(read_png("/nonexistent/x.png"), Catch::Contains("cannot open"));
  const auto path = tmp("parlab_not_a.png").string();
  std::ofstream(path) << "hello";
  CHECK_THROWS_WITH(read_png(path), Catch::Contains("not a PNG"));
  CHECK_THROWS_WITH(read_ppm(path), Catch::Contains("not an 8-bit binary PPM"));
  CHECK_THROWS(write_png(gradient(2, 2), "/dev/null/x.png"));
}

TEST_CASE("render settings out of range are refused", "[render]") {
  RenderSettings s{8, 8, 1, 1, 2};
  CHECK_NOTHROW(Animation(s));
  for (auto bad : {RenderSettings{0, 8, 1, 1, 2}, RenderSettings{8, -1, 1, 1, 2}, RenderSettings{8, 8, 0, 1, 2},
                   RenderSettings{8, 8, 1, 0, 2}, RenderSettings{8, 8, 1, 1, -1},
                   RenderSettings{16384, 16384, 100000, 1, 2}})
    CHECK_THROWS_AS(Animation(bad), usage_error);
}

TEST_CASE("the renderer is deterministic and frames differ as the camera moves", "[render]") {
  const Animation anim({48, 27, 3, 2, 4});
  const auto a = render_all_seq(anim), b = render_all_seq(anim);
  REQUIRE(a.size() == 3);
  for (int f = 0; f < 3; ++f) CHECK(a[f] == b[f]);
  CHECK(count_differences(a[0], a[2]) > 100);
}

TEST_CASE("a reseeded animation draws most pixels anew, and seed 0 the reference draw again", "[render]") {
  Animation anim({48, 27, 2, 2, 4});
  const auto ref = render_all_seq(anim);
  anim.reseed(0x9e3779b97f4a7c15ull);
  CHECK(anim.seed() == 0x9e3779b97f4a7c15ull);
  const auto other = render_all_seq(anim);
  // an earlier render cannot stand in for a new one: sampled pixels catch it
  for (int f = 0; f < 2; ++f) CHECK(count_differences(ref[f], other[f]) > 48 * 27 / 2);
  anim.reseed(0);
  const auto again = render_all_seq(anim);
  for (int f = 0; f < 2; ++f) CHECK(again[f] == ref[f]);
}

TEST_CASE("rows, tiles and any pixel order give the sequential image", "[render]") {
  const Animation anim({37, 23, 2, 2, 4});
  Image ref = anim.blank(), rows = anim.blank(), tiles = anim.blank(), backwards = anim.blank();
  render_frame_seq(anim, 1, ref);
  render_rows(anim, 1, rows, 0, 10);
  render_rows(anim, 1, rows, 10, 23);
  for (const Tile& t : make_tiles(37, 23, 8)) render_tile(anim, 1, tiles, t);
  for (int i = 37 * 23 - 1; i >= 0; --i) backwards.at(i % 37, i / 37) = anim.shade(1, i % 37, i / 37);
  CHECK(rows == ref);
  CHECK(tiles == ref);
  CHECK(backwards == ref);
  CHECK(make_tiles(37, 23, 8).size() == 5 * 3);
  CHECK_THROWS(make_tiles(10, 10, 0));
}

TEST_CASE("pixel cost varies across the image: glass rows are dear, sky rows cheap", "[render]") {
  // The partitioning lessons rely on this imbalance. Cost is counted in rays, not
  // timed, so the test is exact on a busy machine.
  const Animation anim({96, 54, 1, 2, 5});
  auto rays_in_rows = [&](int y0, int y1) {
    long sum = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = 0; x < anim.width(); ++x) sum += anim.rays(0, x, y);
    return sum;
  };
  const long top = rays_in_rows(0, 14), middle = rays_in_rows(20, 34);
  INFO("rays in the top rows: " << top << ", in the middle rows: " << middle);
  CHECK(middle > 3 * top);
  CHECK(anim.rays(0, 0, 0) == 2);  // a sky pixel: one ray per sample
}

TEST_CASE("a tiny frame matches the checked-in reference image exactly", "[render][png]") {
  // tests/data/reference_frame.png: frame 1 of a 64x36, 3-frame, 2-sample, depth-5
  // animation. If the scene is changed on purpose, regenerate it with
  //   build/release/bin/seq_render --width 64 --height 36 --frames 3 --samples 2 --out DIR
  // and copy DIR/frame_0001.png here.
  REQUIRE(png_supported());
  const Animation anim({64, 36, 3, 2, 5});
  Image img = anim.blank();
  render_frame_seq(anim, 1, img);
  const Image ref = read_png(std::string(PARLAB_TEST_DATA) + "/reference_frame.png");
  CHECK(count_differences(img, ref) == 0);
}
