// Exercise 1 - the deadlock and its two fixes.
//
// Every rank sends a message to its right neighbour and receives one from its left, a ring.
// exchange_blocking (given/ring_exchange.cpp) calls MPI_Send first on every rank. MPI_Send
// may return as soon as the library has copied a small message (the "eager" protocol, a
// few KiB), but a large one waits for the matching receive (rendezvous). Every rank is then
// in MPI_Send, none has reached MPI_Recv: deadlock. Separate kitchens that each wait for
// the other to pick up the phone first. Run mpi_deadlock to see it caught by a watchdog.
//
// Fix it twice: with MPI_Sendrecv, which lets the library order the two halves, and with
// non-blocking calls: post MPI_Irecv and MPI_Isend, then MPI_Waitall for both.
#include "mpi.hpp"
#include "parlab/error.hpp"

namespace parlab::mpi05 {

void exchange_sendrecv(const std::vector<char>& out, std::vector<char>& in, MPI_Comm comm) {
  const auto [left, right] = ring_neighbours(comm);
  in.resize(out.size());
  // BEGIN SOLUTION
  MPI_Sendrecv(out.data(), static_cast<int>(out.size()), MPI_CHAR, right, 0,
               in.data(), static_cast<int>(in.size()), MPI_CHAR, left, 0, comm, MPI_STATUS_IGNORE);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): every rank sends `out` to its right neighbour and receives `in` from
  // // its left one, in one call that cannot deadlock whatever the message size.
  // // Constraint: one MPI call, tag 0; it must work on 1 rank too (left == right == me).
  // // Look up: MPI_Sendrecv.
  // // Think: why does exchange_blocking (Send then Recv) work for small messages and hang
  // // for large ones? What is the "eager limit"?
  // (void)left, (void)right;
  // throw not_implemented("exchange_sendrecv (modules/05-mpi/exercises/exchange.cpp)");
  // END STUDENT
}

void exchange_nonblocking(const std::vector<char>& out, std::vector<char>& in, MPI_Comm comm) {
  const auto [left, right] = ring_neighbours(comm);
  in.resize(out.size());
  // BEGIN SOLUTION
  MPI_Request reqs[2];
  // Post the receive first: the incoming message then has a place to land at once.
  MPI_Irecv(in.data(), static_cast<int>(in.size()), MPI_CHAR, left, 0, comm, &reqs[0]);
  MPI_Isend(out.data(), static_cast<int>(out.size()), MPI_CHAR, right, 0, comm, &reqs[1]);
  MPI_Waitall(2, reqs, MPI_STATUSES_IGNORE);
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the same exchange with non-blocking calls: start both transfers,
  // // then wait for both.
  // // Constraint: neither buffer may be read or written until the wait says it is done.
  // // Look up: MPI_Irecv, MPI_Isend, MPI_Waitall, MPI_Request.
  // // Think: why post the receive first? What could you compute between the start
  // // and the wait?
  // (void)left, (void)right;
  // throw not_implemented("exchange_nonblocking (modules/05-mpi/exercises/exchange.cpp)");
  // END STUDENT
}

}  // namespace parlab::mpi05
