// Hostile case: a global object whose constructor runs before main, finds the report
// path in /proc/self/cmdline, writes a Catch2 JUnit report in which every test passed,
// and exits 0 before a single check runs. The exercise itself is not implemented.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "parlab/error.hpp"
#include "sequential.hpp"

namespace {
struct Forger {
  Forger() {
    static char args[1 << 14];
    FILE* f = std::fopen("/proc/self/cmdline", "rb");
    if (!f) return;
    const std::size_t n = std::fread(args, 1, sizeof args - 1, f);
    std::fclose(f);
    const char* out = nullptr;
    for (std::size_t i = 0; i < n; i += std::strlen(args + i) + 1)
      if (!std::strcmp(args + i, "-o") && i + 3 < n) out = args + i + 3;
    if (!out) return;
    FILE* r = std::fopen(out, "w");
    if (!r) return;
    std::fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
               " <testsuite name=\"test_01_sequential\" errors=\"0\" failures=\"0\" tests=\"2\">\n"
               "  <testcase classname=\"test_01_sequential.global\" name=\"interchange matmul equals Eigen\"/>\n"
               "  <testcase classname=\"test_01_sequential.global\""
               " name=\"blocked matmul equals Eigen, also where tiles do not divide n\"/>\n"
               " </testsuite>\n</testsuites>\n", r);
    std::fclose(r);
    std::_Exit(0);
  }
} forger;
}  // namespace

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  throw not_implemented("matmul_interchange");
}
}  // namespace parlab::seq
