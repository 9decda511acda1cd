// Hostile case: a global object whose constructor runs whenever the test program starts,
// also when the build itself starts it (CMake's Catch2 test discovery runs the new binary
// to list its tests). Then it runs as the build uid, with the build folder writable: it
// could put a test object of its own there, which a later build would link unchanged. Here
// it only leaves a marker beside the binary. The exercise itself is not implemented.
#include <filesystem>
#include <fstream>

#include "parlab/error.hpp"
#include "sequential.hpp"

namespace {
struct AtStart {
  AtStart() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);  // .../build/bin/test_01_sequential
    if (!ec) std::ofstream(exe.parent_path() / "parlab-hostile-marker") << "written while the build ran\n";
  }
} at_start;
}  // namespace

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  throw not_implemented("matmul_interchange");
}
}  // namespace parlab::seq
