// The ring of the deadlock lesson (provided): who a rank's neighbours are, and the
// exchange that deadlocks for large messages. Exercise 1 (exercises/exchange.cpp) fixes it.
#include "mpi.hpp"

namespace parlab::mpi05 {

Neighbours ring_neighbours(MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  return {(rank + size - 1) % size, (rank + 1) % size};
}

void exchange_blocking(const std::vector<char>& out, std::vector<char>& in, MPI_Comm comm) {
  const auto [left, right] = ring_neighbours(comm);
  in.resize(out.size());
  MPI_Send(out.data(), static_cast<int>(out.size()), MPI_CHAR, right, 0, comm);  // everyone waits here...
  MPI_Recv(in.data(), static_cast<int>(in.size()), MPI_CHAR, left, 0, comm, MPI_STATUS_IGNORE);  // ...for this
}

}  // namespace parlab::mpi05
