// Result files written whole or not at all. A run that is interrupted (Ctrl-C, SIGTERM, a
// rank killed by mpirun) or meets a full disk leaves the file as it was before - never an
// empty or a truncated one that a reader would take for a result.
#pragma once
#include <cstdio>
#include <functional>
#include <string>

namespace parlab {

// `write` fills a temporary file in `path`'s folder; it is flushed, synced and renamed over
// `path` only if every write succeeded, else removed. Throws io_error naming `path` and why.
void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write);
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace parlab
