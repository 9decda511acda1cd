// Catch2 main for tests that run under mpirun: every rank runs every test case (in the same
// order, so collectives match); only rank 0 prints the report. Tests reduce their verdicts
// (mpi::all_ok) before asserting, so every rank takes the same path and none is left
// waiting; the exit code is the worst over all ranks.
#define CATCH_CONFIG_RUNNER
#include "support/catch.hpp"

#include "parlab/mpi.hpp"

int main(int argc, char** argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  const int rank = parlab::mpi::rank();
  Catch::Session session;
  if (int rc = session.applyCommandLine(argc, argv); rc != 0) {
    MPI_Finalize();
    return rc;
  }
  if (rank != 0) {
#if PARLAB_CATCH_MAJOR == 3
    auto& config = session.configData();
    config.reporterSpecifications.clear();  // -r junit::out=FILE would name a file: the default reporter instead
    config.defaultOutputFilename = "/dev/null";
#else
    session.configData().outputFilename = "/dev/null";
#endif
  }
  const int failed = session.run();
  int worst = 0;
  MPI_Allreduce(&failed, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return worst ? 1 : 0;
}
