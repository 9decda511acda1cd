// Exercise 5 - the frame farm: static split versus master/worker.
//
// render_static (given/render_static.cpp) gives rank r the same block of rows in every
// frame. The scene is uneven on purpose: rows through the glass spheres cost many times the
// rows of sky, so the rank with the glass finishes last while the others wait at the gather.
//
// render_farm hands out work on demand. Rank 0, the head chef, keeps the list of orders
// (bands of `band` rows); each worker kitchen gets one order, cooks it, sends the plate
// back, and gets the next order in return - until the head chef answers -1 (stop). Fast
// kitchens simply take more orders. The master does not cook: it waits politely
// (mpi::wait_polite) so it leaves its core to the workers.
#include <cstring>

#include "mpi.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

namespace parlab::mpi05 {

void render_farm(const Animation& anim, std::vector<Image>& frames, MPI_Comm comm, int band, const BandRenderer& render) {
  const int p = mpi::size(comm), me = mpi::rank(comm);
  if (p < 2)
    throw usage_error("render farm: needs at least 2 ranks (rank 0 hands out the work, the others render); "
                      "run with mpirun -np 2 or more, or use the static variant");
  if (band < 1) throw usage_error("--band: at least 1 row per work item");
  const int bands = (anim.height() + band - 1) / band;
  const int items = bands * anim.frames();
  // Item i: frame i / bands, rows [y0, y1).
  auto rows_of = [&](int i) { return std::pair<int, int>{(i % bands) * band, std::min(anim.height(), (i % bands + 1) * band)}; };
  constexpr int tag_work = 1, tag_result = 2;
  // BEGIN SOLUTION
  if (me == 0) {
    std::vector<int> assigned(p, -1);  // the item each worker is cooking
    int next = 0, active = 0;
    auto give = [&](int worker) {  // the next item, or -1 when none is left
      const int item = next < items ? next++ : -1;
      assigned[worker] = item;
      MPI_Send(&item, 1, MPI_INT, worker, tag_work, comm);
      return item >= 0;
    };
    for (int w = 1; w < p; ++w) active += give(w);
    std::vector<unsigned char> buf(std::size_t(band) * anim.width() * 3);
    while (active > 0) {
      MPI_Request req;
      MPI_Status st;
      MPI_Irecv(buf.data(), int(buf.size()), MPI_BYTE, MPI_ANY_SOURCE, tag_result, comm, &req);
      mpi::wait_polite(req, &st);
      const int w = st.MPI_SOURCE, item = assigned[w];
      const auto [y0, y1] = rows_of(item);
      Image& img = frames.at(item / bands);
      std::memcpy(row_bytes(img, y0), buf.data(), band_bytes(img, y0, y1));
      if (!give(w)) --active;
    }
  } else {
    Image scratch = anim.blank();
    for (;;) {
      int item = -1;
      MPI_Recv(&item, 1, MPI_INT, 0, tag_work, comm, MPI_STATUS_IGNORE);
      if (item < 0) break;
      const auto [y0, y1] = rows_of(item);
      render(anim, item / bands, scratch, y0, y1);
      MPI_Send(row_bytes(scratch, y0), int(band_bytes(scratch, y0, y1)), MPI_BYTE, 0, tag_result, comm);
    }
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): master/worker: rank 0 hands out work items (bands of rows, numbered
  // // 0 .. items-1, rows_of says which rows) one at a time, each to whichever worker
  // // has just finished one, and copies the returned pixels into the right frame; the
  // // workers render what they are given until told to stop (item -1).
  // // Constraint: the load must balance itself (no fixed assignment); every worker is
  // // told to stop exactly once, also when there are fewer items than workers; the
  // // master must not spin at 100% of a core while it waits (mpi::wait_polite).
  // // Look up: MPI_Send / MPI_Recv, MPI_ANY_SOURCE and status.MPI_SOURCE, MPI_Irecv.
  // // Think: rank 0 only hands out work: on P ranks what is the best speedup over one
  // // rank? When does a smaller band help, and when does it hurt (REPORT.md)?
  // (void)me, (void)render, (void)rows_of, (void)items, (void)tag_work, (void)tag_result, (void)frames;
  // throw not_implemented("render_farm (modules/05-mpi/exercises/render_farm.cpp)");
  // END STUDENT
}

}  // namespace parlab::mpi05
