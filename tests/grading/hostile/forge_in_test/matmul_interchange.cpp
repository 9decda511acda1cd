// Hostile case: the exercise function itself, when the test calls it, writes a passing
// Catch2 JUnit report at the -o path of its command line (C++ streams) and exits 0 at once (_Exit)
// before the test compares anything.
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string args((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto at = args.find(std::string("-o") + '\0');
  if (at == std::string::npos) return;
  const std::string out = args.substr(at + 3, args.find('\0', at + 3) - at - 3);
  std::ofstream(out) << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites><testsuite name=\"t\" tests=\"2\" "
                        "failures=\"0\"><testcase name=\"interchange matmul equals Eigen\"/><testcase "
                        "name=\"blocked matmul equals Eigen, also where tiles do not divide n\"/></testsuite>"
                        "</testsuites>\n";
  std::_Exit(0);
}
}  // namespace parlab::seq
