#include "parlab/output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "parlab/error.hpp"

namespace parlab {

namespace fs = std::filesystem;

namespace {
// True if a file can be created in `dir`. O_TMPFILE leaves no name behind, even if the run
// is killed right here; without it, a hidden probe named after the process is removed at once.
bool can_create_in(const fs::path& dir) {
#ifdef O_TMPFILE
  const int fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
  if (fd >= 0) return ::close(fd), true;
  if (errno == EACCES || errno == EPERM || errno == EROFS) return false;
#endif
  const fs::path probe = dir / (".parlab-write-test-" + std::to_string(::getpid()));
  const int pfd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (pfd < 0) return false;
  ::close(pfd);
  std::error_code ec;
  fs::remove(probe, ec);
  return true;
}
}  // namespace

void prepare_output_dir(const std::string& dir, const std::string& option) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw usage_error(option + ": cannot create output folder '" + dir + "': " + ec.message());
  if (!fs::is_directory(dir)) throw usage_error(option + ": output folder '" + dir + "' is not a folder");
  if (!can_create_in(dir)) throw usage_error(option + ": cannot write to output folder '" + dir + "'");
}

void prepare_output_file(const std::string& path, const std::string& option) {
  if (path.empty()) return;
  const fs::path parent = fs::path(path).parent_path();
  // The results are written beside the file and renamed over it: the folder must take a file.
  prepare_output_dir(parent.empty() ? "." : parent.string(), option);
  if (fs::is_directory(path)) throw usage_error(option + ": '" + path + "' is a folder, not a file");
  // Nothing is created here: an interrupted run must not leave an empty file behind.
  if (fs::exists(path) && ::access(path.c_str(), W_OK) != 0)
    throw usage_error(option + ": cannot write file '" + path + "': " + std::strerror(errno));
}

void check_apart(const std::string& file, const std::string& file_option, const std::string& dir,
                 const std::string& dir_option) {
  if (file.empty() || dir.empty()) return;
  std::error_code ec;
  const auto same = fs::weakly_canonical(file, ec).lexically_normal() == fs::weakly_canonical(dir, ec).lexically_normal();
  if (same || fs::path(file).lexically_normal() == fs::path(dir).lexically_normal())
    throw usage_error(file_option + " '" + file + "' and " + dir_option + " '" + dir +
                      "' are the same path: a file cannot be a folder too");
}

}  // namespace parlab
