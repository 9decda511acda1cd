// The counting layer of mpi_traffic.hpp: each MPI call that moves data off this rank,
// redefined here and forwarded to its PMPI_ name. Counted only inside a TrafficWindow.
#include "mpi_traffic.hpp"

#include <mpi.h>

namespace parlab::heat::test {
namespace {
bool armed = false;
Traffic seen;

int sent(int count, MPI_Datatype type, int dest) {
  if (armed && dest != MPI_PROC_NULL) {
    int size = 0;
    PMPI_Type_size(type, &size);
    seen.bytes += double(count) * size;
  }
  return MPI_SUCCESS;
}
void collective(const char* name) {
  if (!armed) return;
  if (seen.collectives++ == 0) seen.first = name;
}
}  // namespace

TrafficWindow::TrafficWindow() { seen = {}, armed = true; }
TrafficWindow::~TrafficWindow() { armed = false; }
Traffic TrafficWindow::read() const { return seen; }

}  // namespace parlab::heat::test

using parlab::heat::test::collective;
using parlab::heat::test::sent;

// Point to point: the payload counted.
extern "C" {
int MPI_Send(const void* b, int n, MPI_Datatype t, int d, int tag, MPI_Comm c) {
  sent(n, t, d);
  return PMPI_Send(b, n, t, d, tag, c);
}
int MPI_Ssend(const void* b, int n, MPI_Datatype t, int d, int tag, MPI_Comm c) {
  sent(n, t, d);
  return PMPI_Ssend(b, n, t, d, tag, c);
}
int MPI_Bsend(const void* b, int n, MPI_Datatype t, int d, int tag, MPI_Comm c) {
  sent(n, t, d);
  return PMPI_Bsend(b, n, t, d, tag, c);
}
int MPI_Rsend(const void* b, int n, MPI_Datatype t, int d, int tag, MPI_Comm c) {
  sent(n, t, d);
  return PMPI_Rsend(b, n, t, d, tag, c);
}
int MPI_Isend(const void* b, int n, MPI_Datatype t, int d, int tag, MPI_Comm c, MPI_Request* r) {
  sent(n, t, d);
  return PMPI_Isend(b, n, t, d, tag, c, r);
}
int MPI_Issend(const void* b, int n, MPI_Datatype t, int d, int tag, MPI_Comm c, MPI_Request* r) {
  sent(n, t, d);
  return PMPI_Issend(b, n, t, d, tag, c, r);
}
int MPI_Ibsend(const void* b, int n, MPI_Datatype t, int d, int tag, MPI_Comm c, MPI_Request* r) {
  sent(n, t, d);
  return PMPI_Ibsend(b, n, t, d, tag, c, r);
}
int MPI_Irsend(const void* b, int n, MPI_Datatype t, int d, int tag, MPI_Comm c, MPI_Request* r) {
  sent(n, t, d);
  return PMPI_Irsend(b, n, t, d, tag, c, r);
}
int MPI_Sendrecv(const void* sb, int sn, MPI_Datatype st, int d, int stag, void* rb, int rn, MPI_Datatype rt, int s,
                 int rtag, MPI_Comm c, MPI_Status* status) {
  sent(sn, st, d);
  return PMPI_Sendrecv(sb, sn, st, d, stag, rb, rn, rt, s, rtag, c, status);
}
int MPI_Sendrecv_replace(void* b, int n, MPI_Datatype t, int d, int stag, int s, int rtag, MPI_Comm c,
                         MPI_Status* status) {
  sent(n, t, d);
  return PMPI_Sendrecv_replace(b, n, t, d, stag, s, rtag, c, status);
}
// Persistent sends: counted once when set up (a window that starts one many times is not
// what a halo exchange of this module does; the honest rungs do not use them).
int MPI_Send_init(const void* b, int n, MPI_Datatype t, int d, int tag, MPI_Comm c, MPI_Request* r) {
  collective("MPI_Send_init");
  return PMPI_Send_init(b, n, t, d, tag, c, r);
}

// Collective and one-sided: none belongs inside a halo exchange.
int MPI_Bcast(void* b, int n, MPI_Datatype t, int root, MPI_Comm c) {
  collective("MPI_Bcast");
  return PMPI_Bcast(b, n, t, root, c);
}
int MPI_Gather(const void* sb, int sn, MPI_Datatype st, void* rb, int rn, MPI_Datatype rt, int root, MPI_Comm c) {
  collective("MPI_Gather");
  return PMPI_Gather(sb, sn, st, rb, rn, rt, root, c);
}
int MPI_Gatherv(const void* sb, int sn, MPI_Datatype st, void* rb, const int rn[], const int dis[], MPI_Datatype rt,
                int root, MPI_Comm c) {
  collective("MPI_Gatherv");
  return PMPI_Gatherv(sb, sn, st, rb, rn, dis, rt, root, c);
}
int MPI_Scatter(const void* sb, int sn, MPI_Datatype st, void* rb, int rn, MPI_Datatype rt, int root, MPI_Comm c) {
  collective("MPI_Scatter");
  return PMPI_Scatter(sb, sn, st, rb, rn, rt, root, c);
}
int MPI_Scatterv(const void* sb, const int sn[], const int dis[], MPI_Datatype st, void* rb, int rn, MPI_Datatype rt,
                 int root, MPI_Comm c) {
  collective("MPI_Scatterv");
  return PMPI_Scatterv(sb, sn, dis, st, rb, rn, rt, root, c);
}
int MPI_Allgather(const void* sb, int sn, MPI_Datatype st, void* rb, int rn, MPI_Datatype rt, MPI_Comm c) {
  collective("MPI_Allgather");
  return PMPI_Allgather(sb, sn, st, rb, rn, rt, c);
}
int MPI_Allgatherv(const void* sb, int sn, MPI_Datatype st, void* rb, const int rn[], const int dis[],
                   MPI_Datatype rt, MPI_Comm c) {
  collective("MPI_Allgatherv");
  return PMPI_Allgatherv(sb, sn, st, rb, rn, dis, rt, c);
}
int MPI_Alltoall(const void* sb, int sn, MPI_Datatype st, void* rb, int rn, MPI_Datatype rt, MPI_Comm c) {
  collective("MPI_Alltoall");
  return PMPI_Alltoall(sb, sn, st, rb, rn, rt, c);
}
int MPI_Alltoallv(const void* sb, const int sn[], const int sdis[], MPI_Datatype st, void* rb, const int rn[],
                  const int rdis[], MPI_Datatype rt, MPI_Comm c) {
  collective("MPI_Alltoallv");
  return PMPI_Alltoallv(sb, sn, sdis, st, rb, rn, rdis, rt, c);
}
int MPI_Reduce(const void* sb, void* rb, int n, MPI_Datatype t, MPI_Op op, int root, MPI_Comm c) {
  collective("MPI_Reduce");
  return PMPI_Reduce(sb, rb, n, t, op, root, c);
}
int MPI_Allreduce(const void* sb, void* rb, int n, MPI_Datatype t, MPI_Op op, MPI_Comm c) {
  collective("MPI_Allreduce");
  return PMPI_Allreduce(sb, rb, n, t, op, c);
}
int MPI_Win_create(void* b, MPI_Aint size, int disp, MPI_Info info, MPI_Comm c, MPI_Win* w) {
  collective("MPI_Win_create");
  return PMPI_Win_create(b, size, disp, info, c, w);
}
int MPI_Win_allocate(MPI_Aint size, int disp, MPI_Info info, MPI_Comm c, void* b, MPI_Win* w) {
  collective("MPI_Win_allocate");
  return PMPI_Win_allocate(size, disp, info, c, b, w);
}
int MPI_Win_allocate_shared(MPI_Aint size, int disp, MPI_Info info, MPI_Comm c, void* b, MPI_Win* w) {
  collective("MPI_Win_allocate_shared");
  return PMPI_Win_allocate_shared(size, disp, info, c, b, w);
}
int MPI_Ibcast(void* b, int n, MPI_Datatype t, int root, MPI_Comm c, MPI_Request* r) {
  collective("MPI_Ibcast");
  return PMPI_Ibcast(b, n, t, root, c, r);
}
int MPI_Igather(const void* sb, int sn, MPI_Datatype st, void* rb, int rn, MPI_Datatype rt, int root, MPI_Comm c,
                MPI_Request* r) {
  collective("MPI_Igather");
  return PMPI_Igather(sb, sn, st, rb, rn, rt, root, c, r);
}
int MPI_Igatherv(const void* sb, int sn, MPI_Datatype st, void* rb, const int rn[], const int dis[], MPI_Datatype rt,
                 int root, MPI_Comm c, MPI_Request* r) {
  collective("MPI_Igatherv");
  return PMPI_Igatherv(sb, sn, st, rb, rn, dis, rt, root, c, r);
}
int MPI_Iscatterv(const void* sb, const int sn[], const int dis[], MPI_Datatype st, void* rb, int rn,
                  MPI_Datatype rt, int root, MPI_Comm c, MPI_Request* r) {
  collective("MPI_Iscatterv");
  return PMPI_Iscatterv(sb, sn, dis, st, rb, rn, rt, root, c, r);
}
int MPI_Iallgather(const void* sb, int sn, MPI_Datatype st, void* rb, int rn, MPI_Datatype rt, MPI_Comm c,
                   MPI_Request* r) {
  collective("MPI_Iallgather");
  return PMPI_Iallgather(sb, sn, st, rb, rn, rt, c, r);
}
int MPI_Put(const void* b, int n, MPI_Datatype t, int rank, MPI_Aint disp, int rn, MPI_Datatype rt, MPI_Win w) {
  collective("MPI_Put");
  return PMPI_Put(b, n, t, rank, disp, rn, rt, w);
}
int MPI_Get(void* b, int n, MPI_Datatype t, int rank, MPI_Aint disp, int rn, MPI_Datatype rt, MPI_Win w) {
  collective("MPI_Get");
  return PMPI_Get(b, n, t, rank, disp, rn, rt, w);
}
}
