#include "parlab/output.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "parlab/error.hpp"

namespace parlab {

namespace fs = std::filesystem;

void prepare_output_dir(const std::string& dir, const std::string& option) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw usage_error(option + ": cannot create output folder '" + dir + "': " + ec.message());
  if (!fs::is_directory(dir)) throw usage_error(option + ": output folder '" + dir + "' is not a folder");
  // A per-process name: two runs writing into the same folder must not race on the probe.
  const fs::path probe = fs::path(dir) / (".parlab-write-test-" + std::to_string(::getpid()));
  {
    std::ofstream f(probe);
    if (!f) throw usage_error(option + ": cannot write to output folder '" + dir + "'");
  }
  fs::remove(probe, ec);
}

void prepare_output_file(const std::string& path, const std::string& option) {
  if (path.empty()) return;
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) prepare_output_dir(parent.string(), option);
  if (fs::is_directory(path)) throw usage_error(option + ": '" + path + "' is a folder, not a file");
  std::ofstream probe(path, std::ios::app);  // append: an existing file is kept until the run writes it
  if (!probe) throw usage_error(option + ": cannot write file '" + path + "'");
}

}  // namespace parlab
