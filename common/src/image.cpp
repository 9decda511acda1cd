#include "parlab/image.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "parlab/atomic_file.hpp"
#include "parlab/error.hpp"

#ifdef PARLAB_HAVE_PNG
#include <png.h>
#endif

namespace parlab {

Image::Image(int width, int height) : w_(width), h_(height) {
  if (width <= 0 || height <= 0) throw std::invalid_argument("Image: width and height must be >= 1");
  px_.resize(static_cast<std::size_t>(width) * height);
}

std::size_t count_differences(const Image& a, const Image& b) {
  if (a.width() != b.width() || a.height() != b.height())
    return std::max(a.pixels().size(), b.pixels().size());
  std::size_t d = 0;
  for (std::size_t i = 0; i < a.pixels().size(); ++i) d += !(a.pixels()[i] == b.pixels()[i]);
  return d;
}

namespace {
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;
File open_or_throw(const std::string& path, const char* mode) {
  File f(std::fopen(path.c_str(), mode));
  if (!f) throw std::runtime_error("cannot open '" + path + "' (" + (mode[0] == 'r' ? "read" : "write") + ")");
  return f;
}
}  // namespace

#ifdef PARLAB_HAVE_PNG
bool png_supported() { return true; }

void write_png(const Image& img, const std::string& path) {
  write_file_atomically(path, [&img](std::FILE* f) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!info) throw std::runtime_error("libpng: out of memory");
    if (setjmp(png_jmpbuf(png))) {
      png_destroy_write_struct(&png, &info);
      throw std::runtime_error(std::string("libpng: ") + std::strerror(errno ? errno : EIO));
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, img.width(), img.height(), 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < img.height(); ++y)
      png_write_row(png, reinterpret_cast<png_const_bytep>(&img.at(0, y)));
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
  });
}

Image read_png(const std::string& path) {
  File f = open_or_throw(path, "rb");
  png_byte sig[8];
  if (std::fread(sig, 1, 8, f.get()) != 8 || png_sig_cmp(sig, 0, 8))
    throw std::runtime_error("'" + path + "' is not a PNG file");
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) throw std::runtime_error("libpng: out of memory");
  Image img;
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    throw std::runtime_error("libpng: failed reading '" + path + "'");
  }
  png_init_io(png, f.get());
  png_set_sig_bytes(png, 8);
  png_read_info(png, info);
  // Normalise whatever the file holds to 8-bit RGB.
  png_set_expand(png);
  png_set_strip_16(png);
  png_set_strip_alpha(png);
  png_set_gray_to_rgb(png);
  png_read_update_info(png, info);
  const int w = int(png_get_image_width(png, info)), h = int(png_get_image_height(png, info));
  img = Image(w, h);
  for (int y = 0; y < h; ++y) png_read_row(png, reinterpret_cast<png_bytep>(&img.at(0, y)), nullptr);
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return img;
}
#else
bool png_supported() { return false; }
void write_png(const Image&, const std::string& path) {
  throw std::runtime_error("cannot write '" + path + "': built without libpng (apt install libpng-dev)");
}
Image read_png(const std::string& path) {
  throw std::runtime_error("cannot read '" + path + "': built without libpng (apt install libpng-dev)");
}
#endif

void write_ppm(const Image& img, const std::string& path) {
  write_file_atomically(path, [&img](std::FILE* f) {
    std::fprintf(f, "P6\n%d %d\n255\n", img.width(), img.height());
    const std::size_t n = img.pixels().size();
    if (std::fwrite(img.pixels().data(), sizeof(Rgb8), n, f) != n) throw io_error(std::strerror(errno ? errno : EIO));
  });
}

Image read_ppm(const std::string& path) {
  File f = open_or_throw(path, "rb");
  int w = 0, h = 0, maxv = 0;
  if (std::fscanf(f.get(), "P6 %d %d %d", &w, &h, &maxv) != 3 || w <= 0 || h <= 0 || maxv != 255 ||
      std::fgetc(f.get()) == EOF)
    throw std::runtime_error("'" + path + "' is not an 8-bit binary PPM (P6) file");
  Image img(w, h);
  const std::size_t n = img.pixels().size();
  if (std::fread(&img.at(0, 0), sizeof(Rgb8), n, f.get()) != n)
    throw std::runtime_error("'" + path + "' is truncated");
  return img;
}

std::string write_image(const Image& img, const std::string& stem) {
  if (png_supported()) {
    write_png(img, stem + ".png");
    return stem + ".png";
  }
  write_ppm(img, stem + ".ppm");
  return stem + ".ppm";
}

}  // namespace parlab
