// A usage error thrown on the last rank only, while the others wait in a collective: the
// run must end (mpi::run_main: exit 2 with the message), never hang.
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

int main(int argc, char** argv) {
  return parlab::mpi::run_main(argc, argv, MPI_THREAD_SINGLE, [](parlab::mpi::Session& s) {
    if (s.rank() == s.size() - 1) throw parlab::usage_error("--only-here: refused on the last rank alone");
    MPI_Barrier(MPI_COMM_WORLD);
    return 0;
  });
}
