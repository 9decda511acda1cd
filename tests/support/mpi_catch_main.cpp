// Catch2 main for tests that run under mpirun: every rank runs every test case (in the same
// order, so collectives match); only rank 0 prints the report. Tests reduce their verdicts
// (mpi::all_ok) before asserting, so every rank takes the same path and none is left
// waiting; the exit code is the worst over all ranks.
//
// Catch2 v3, or a v2 without a prebuilt main: Catch2's Session is driven from main() here
// (v2: this file also compiles Catch2's implementation). Debian's v2 ships that
// implementation only together with its own main (libCatch2WithMain): rather than compile
// it again (the slowest file of the build), the link wraps main (-Wl,--wrap=main, see
// tests/CMakeLists.txt): the program enters __wrap_main, which calls Catch2's main
// as __real_main.
#if !PARLAB_CATCH_WRAPPED_MAIN
#define CATCH_CONFIG_RUNNER
#endif
#include "support/catch.hpp"

#include "parlab/mpi.hpp"

#include <string_view>
#include <vector>

namespace {
int worst_over_ranks(int failed) {
  int worst = 0;
  MPI_Allreduce(&failed, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return worst ? 1 : 0;
}
}  // namespace

#if PARLAB_CATCH_WRAPPED_MAIN
extern "C" int __real_main(int argc, char** argv);

// Rank 0's arguments for every rank but 0: its --out, if any, becomes /dev/null (v2's
// command line takes an option once only, so the old one is dropped, not overridden).
std::vector<char*> quiet_unless_rank0(int argc, char** argv) {
  static char out[] = "--out", devnull[] = "/dev/null";
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (parlab::mpi::rank() != 0 && (a == "-o" || a == "--out")) {
      ++i;  // and its value
    } else if (parlab::mpi::rank() != 0 && (a.starts_with("-o=") || a.starts_with("--out=") ||
                                            a.starts_with("-o:") || a.starts_with("--out:"))) {
    } else {
      args.push_back(argv[i]);
    }
  }
  if (parlab::mpi::rank() != 0) {
    args.push_back(out);
    args.push_back(devnull);
  }
  args.push_back(nullptr);
  return args;
}

extern "C" int __wrap_main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  std::vector<char*> args = quiet_unless_rank0(argc, argv);
  return worst_over_ranks(__real_main(static_cast<int>(args.size()) - 1, args.data()));
}
#else
int main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  Catch::Session session;
  if (int rc = session.applyCommandLine(argc, argv); rc != 0) {
    MPI_Finalize();
    return rc;
  }
  if (parlab::mpi::rank() != 0) {
#if PARLAB_CATCH_MAJOR == 3
    auto& config = session.configData();
    config.reporterSpecifications.clear();  // -r junit::out=FILE would name a file: the default reporter instead
    config.defaultOutputFilename = "/dev/null";
#else
    session.configData().outputFilename = "/dev/null";
#endif
  }
  return worst_over_ranks(session.run());
}
#endif
