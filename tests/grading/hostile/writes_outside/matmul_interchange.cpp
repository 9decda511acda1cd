// Hostile case: tries to change the grader's files, delete its binaries and
// leave files outside its folder, then computes the right answer (so the test
// itself may pass: the point is that nothing outside its folder changed).
#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <cstddef>
#include "parlab/error.hpp"
#include "sequential.hpp"

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);  // .../build/bin/test_01_sequential
  const fs::path ws = exe.parent_path().parent_path().parent_path();
  // 1. rewrite the grader's copy of the tests so that everything passes
  std::ofstream(ws / "src/tests/01-sequential/test_matmul_seq.cpp") << "// all tests pass\n";
  // 2. delete the grader's drivers and the pristine release
  fs::remove(ws / "build/bin/seq_matmul", ec);
  fs::remove_all(ws / "release", ec);
  // 3. leave files behind: shared temporary folders and the grader's folders
  std::ofstream("/tmp/parlab-hostile-marker") << "written by a submission\n";
  std::ofstream("/dev/shm/parlab-hostile-marker") << "written by a submission\n";
  std::ofstream(ws / "parlab-hostile-marker") << "written by a submission\n";
  std::ofstream(exe.parent_path() / "parlab-hostile-marker") << "written by a submission\n";
  check_shapes(A, B, C);
  C.zero();
  const std::size_t m = A.rows(), k = A.cols(), n = B.cols();
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t p = 0; p < k; ++p)
      for (std::size_t j = 0; j < n; ++j) C(i, j) += A(i, p) * B(p, j);
}
}  // namespace parlab::seq
