// Each rank must receive its left neighbour's rank.
#if FIXTURE_CATCH_MAJOR == 3
#include <catch2/catch_session.hpp>
#include <catch2/catch_test_macros.hpp>
#else
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#endif
#include <mpi.h>

#include "ring.hpp"

TEST_CASE("ring exchange passes each value to the right neighbour", "[mpi]") {
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const int got = parlab::ring_exchange(rank);
  int ok = got == (rank + size - 1) % size, all = 0;
  MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);  // every rank agrees
  CHECK(all == 1);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  const int rc = Catch::Session().run(argc, argv);
  MPI_Finalize();
  return rc;
}
