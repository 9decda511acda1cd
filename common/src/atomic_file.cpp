#include "parlab/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "parlab/error.hpp"

namespace parlab {

namespace fs = std::filesystem;

namespace {

// ".name.<pid>.<n>.tmp" beside `path`: hidden, unique per process and call (threads may write
// frames at once), and created with O_EXCL so no one else's file is ever taken over.
std::FILE* open_temporary(const fs::path& path, fs::path& tmp) {
  static std::atomic<unsigned> counter{0};
  for (;;) {
    std::ostringstream name;  // not "." + std::string: GCC 12 warns falsely (-Wrestrict)
    name << '.' << path.filename().string() << '.' << ::getpid() << '.' << counter++ << ".tmp";
    tmp = path.parent_path() / name.str();
    // 0666: the umask gives the file the same mode as any other the user creates.
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST) continue;  // left by an earlier run with this pid
    if (fd < 0) throw io_error("cannot write '" + path.string() + "': " + std::strerror(errno));
    if (std::FILE* f = ::fdopen(fd, "wb")) return f;
    ::close(fd);
    throw io_error("cannot write '" + path.string() + "': out of memory");
  }
}

}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write) {
  fs::path tmp;
  std::FILE* f = open_temporary(fs::path(path), tmp);
  auto fail = [&](const std::string& why) {
    std::error_code ec;
    fs::remove(tmp, ec);
    return io_error("failed writing '" + path + "': " + why + " (the file is left as it was)");
  };
  try {
    write(f);
  } catch (const std::exception& e) {
    std::fclose(f);
    throw fail(e.what());
  }
  // A full disk may only show at the flush, the sync or the close: check all three.
  errno = 0;
  const bool written = !std::ferror(f) && std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
  const int err = errno;
  if (std::fclose(f) != 0 || !written) throw fail(std::strerror(written ? errno : err ? err : EIO));
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw fail(ec.message());
}

void write_file_atomically(const std::string& path, const std::string& content) {
  write_file_atomically(path, [&content](std::FILE* f) {
    if (std::fwrite(content.data(), 1, content.size(), f) != content.size())
      throw io_error(std::strerror(errno ? errno : EIO));
  });
}

}  // namespace parlab
