// Hostile case: every rank receives before it sends - a deadlock under mpirun.
#include <mpi.h>

#include "ring.hpp"

namespace parlab {

int ring_exchange(int value) {
  int rank = 0, size = 1, got = -1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Recv(&got, 1, MPI_INT, (rank + size - 1) % size, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  MPI_Send(&value, 1, MPI_INT, (rank + 1) % size, 0, MPI_COMM_WORLD);
  return got;
}

}  // namespace parlab
