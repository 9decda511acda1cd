// Result files are whole or absent: written beside the target and renamed over it, so a
// failed write (a full disk, a missing folder) leaves the earlier file and no stray one.
// A real full disk is tests/00-common/whole_files.sh.
#include "support/catch.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "parlab/atomic_file.hpp"
#include "parlab/error.hpp"
#include "parlab/image.hpp"

using namespace parlab;
namespace fs = std::filesystem;

namespace {
// A folder of this process's own: two test runs at once never share it.
struct TempDir {
  fs::path path = fs::temp_directory_path() / ("parlab_atomic_" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  std::size_t entries() const { return std::size_t(std::distance(fs::directory_iterator(path), {})); }
};
std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("write_file_atomically replaces the file only when the write succeeded", "[atomic]") {
  TempDir d;
  const fs::path f = d.path / "r.json";
  write_file_atomically(f.string(), "first");
  CHECK(slurp(f) == "first");
  write_file_atomically(f.string(), "second");
  CHECK(slurp(f) == "second");
  // A writer that fails half-way: the earlier file stays, the temporary one is gone.
  CHECK_THROWS_AS(write_file_atomically(f.string(),
                                        [](std::FILE* out) {
                                          std::fputs("half", out);
                                          throw std::runtime_error("interrupted");
                                        }),
                  io_error);
  CHECK(slurp(f) == "second");
  CHECK(d.entries() == 1);
  CHECK_THROWS_AS(write_file_atomically((d.path / "missing" / "x").string(), "x"), io_error);
}

TEST_CASE("write_png and write_ppm are atomic and throw io_error", "[atomic][image]") {
  TempDir d;
  Image img(4, 3);
  const std::string stem = (d.path / "frame_0000").string();
  const std::string written = write_image(img, stem);
  CHECK(fs::file_size(written) > 0);
  CHECK(d.entries() == 1);
  CHECK_THROWS_AS(write_ppm(img, "/dev/null/x.ppm"), io_error);
  if (png_supported()) CHECK_THROWS_AS(write_png(img, "/dev/null/x.png"), io_error);
}
