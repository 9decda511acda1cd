// 8-bit RGB images: PNG (libpng) and PPM files, exact comparison.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace parlab {

struct Rgb8 {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const Rgb8&, const Rgb8&) = default;
};

class Image {
 public:
  Image() = default;
  Image(int width, int height);  // black
  int width() const { return w_; }
  int height() const { return h_; }
  Rgb8& at(int x, int y) { return px_[static_cast<std::size_t>(y) * w_ + x]; }
  const Rgb8& at(int x, int y) const { return px_[static_cast<std::size_t>(y) * w_ + x]; }
  const std::vector<Rgb8>& pixels() const { return px_; }
  friend bool operator==(const Image&, const Image&) = default;

 private:
  int w_ = 0, h_ = 0;
  std::vector<Rgb8> px_;
};

// Number of pixels that differ (all of them if the sizes differ).
std::size_t count_differences(const Image& a, const Image& b);

bool png_supported();
// Writes are whole or not at all (parlab/atomic_file.hpp) and throw io_error; reads throw
// std::runtime_error.
void write_png(const Image& img, const std::string& path);
Image read_png(const std::string& path);
void write_ppm(const Image& img, const std::string& path);
Image read_ppm(const std::string& path);
// PNG where supported, else PPM; returns the path written (extension chosen here).
std::string write_image(const Image& img, const std::string& path_without_extension);

}  // namespace parlab
