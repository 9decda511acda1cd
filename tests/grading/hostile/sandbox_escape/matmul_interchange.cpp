// Hostile case: tries to leave the sandbox, then computes the right answer.
// It looks for another submission's file (run_case.py plants PARLAB_SIBLING_SECRET
// beside the workspace), leaves files in /run/lock and /var/lock, creates SysV
// shared memory and connects to a listener of the host. Whatever gets through is
// reported by failing the test; run_case.py checks the host side too.
#include <arpa/inet.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "parlab/error.hpp"
#include "parlab/matmul.hpp"
#include "sequential.hpp"

namespace {
std::string found;

int visit(const char* path, const struct stat*, int type, struct FTW* ftw) {
  if (type == FTW_D && ftw->level > 0 &&
      (!std::strcmp(path, "/proc") || !std::strcmp(path, "/sys") || !std::strcmp(path, "/usr") || ftw->level > 9))
    return FTW_SKIP_SUBTREE;
  if (type == FTW_F && !std::strcmp(path + ftw->base, "PARLAB_SIBLING_SECRET")) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    if (!s.str().empty()) found += std::string("read a sibling's file ") + path + ": " + s.str() + "\n";
  }
  return FTW_CONTINUE;
}

std::string escapes() {
  nftw("/", visit, 32, FTW_PHYS | FTW_ACTIONRETVAL);
  std::string out = found;
  // files left in the lock folders: the sandbox has private ones, run_case.py
  // checks that nothing appears in the host's
  for (const char* p : {"/run/lock/parlab-hostile-escape", "/var/lock/parlab-hostile-escape2"}) {
    int fd = open(p, O_CREAT | O_WRONLY, 0644);
    if (fd >= 0) close(fd);
  }
  // SysV shared memory: created in the sandbox's own IPC namespace (run_case.py
  // checks the host's), then left behind on purpose
  shmget(0x50A1AB, 4096, IPC_CREAT | 0666);
  for (int port = 47990; port < 48000; ++port) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<unsigned short>(port));
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (s >= 0 && connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0)
      out += "connected to the host's 127.0.0.1:" + std::to_string(port) + "\n";
    if (s >= 0) close(s);
  }
  return out;
}
}  // namespace

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  static const std::string escaped = escapes();
  if (!escaped.empty()) throw std::runtime_error("the sandbox let this through:\n" + escaped);
  // a plain i-k-j product: the right answer at interchange's speed (the library's
  // matmul_seq is Eigen now, which would leave blocked no speedup to earn)
  C.zero();
  for (std::size_t i = 0; i < A.rows(); ++i)
    for (std::size_t p = 0; p < A.cols(); ++p)
      for (std::size_t j = 0; j < B.cols(); ++j) C(i, j) += A(i, p) * B(p, j);
}
}  // namespace parlab::seq
