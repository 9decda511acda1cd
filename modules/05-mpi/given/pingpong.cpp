// Ping-pong (provided): the two numbers that describe a network, latency (the time of an
// empty message) and bandwidth (bytes per second of a long one). T(bytes) ~ latency + bytes/bandwidth.
#include <cstring>

#include "mpi.hpp"

namespace parlab::mpi05 {

namespace {
char pattern(long i, long bytes) { return static_cast<char>((i * 31 + bytes) & 0x7f); }
}  // namespace

PingPong pingpong(long bytes, int iters, MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  std::vector<char> buf(static_cast<std::size_t>(bytes));
  const int count = static_cast<int>(bytes);
  PingPong out;
  out.bytes = bytes;
  bool ok = true;
  MPI_Barrier(comm);
  if (rank == 0) {
    for (long i = 0; i < bytes; ++i) buf[i] = pattern(i, bytes);
    // One untimed round trip: connection set-up and first-touch costs are not latency.
    MPI_Send(buf.data(), count, MPI_CHAR, 1, 0, comm);
    MPI_Recv(buf.data(), count, MPI_CHAR, 1, 0, comm, MPI_STATUS_IGNORE);
    const double t0 = MPI_Wtime();
    for (int it = 0; it < iters; ++it) {
      MPI_Send(buf.data(), count, MPI_CHAR, 1, 0, comm);
      MPI_Recv(buf.data(), count, MPI_CHAR, 1, 0, comm, MPI_STATUS_IGNORE);
    }
    out.one_way_s = (MPI_Wtime() - t0) / (2.0 * iters);
    for (long i = 0; i < bytes && ok; ++i) ok = buf[i] == pattern(i, bytes);
  } else if (rank == 1) {
    for (int it = 0; it <= iters; ++it) {
      MPI_Recv(buf.data(), count, MPI_CHAR, 0, 0, comm, MPI_STATUS_IGNORE);
      MPI_Send(buf.data(), count, MPI_CHAR, 0, 0, comm);
    }
  }
  int mine = ok, all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_LAND, comm);
  out.ok = all != 0;
  MPI_Bcast(&out.one_way_s, 1, MPI_DOUBLE, 0, comm);
  return out;
}

}  // namespace parlab::mpi05
