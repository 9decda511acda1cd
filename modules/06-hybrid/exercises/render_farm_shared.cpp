// Exercise 4 - the farm in which the head chef cooks too.
//
// A frame farm across the ranks, as in module 05: rank 0 keeps the list of orders (bands of
// rows) and hands them out one at a time (tag 1: an item or -1, tag 2: the pixels back).
// Module 05's master only hands out work: on P ranks, one rank's cores wait. Here rank 0
// runs a team of OpenMP threads: its main thread keeps serving the workers (the only
// thread of the process that calls MPI, so FUNNELED is still enough: exercise 3), while
// the other threads of rank 0 render items themselves, from the same list of orders.
// The workers render each band with all their threads (exercise 2's render_band_omp).
#include <omp.h>

#include <atomic>
#include <cstring>

#include "hybrid.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

namespace parlab::hybrid {

void render_farm_shared(const Animation& anim, std::vector<Image>& frames, MPI_Comm comm, int band, int threads,
                        bool master_renders) {
  const int p = mpi::size(comm), me = mpi::rank(comm);
  if (band < 1) throw usage_error("--band: at least 1 row per work item");
  const int bands = (anim.height() + band - 1) / band;
  const int items = bands * anim.frames();
  // Item i: frame i / bands, rows [y0, y1), as in module 05.
  auto rows_of = [&](int i) { return std::pair<int, int>{(i % bands) * band, std::min(anim.height(), (i % bands + 1) * band)}; };
  constexpr int tag_work = 1, tag_result = 2;
  // BEGIN SOLUTION
  if (me != 0) {  // a worker: render what rank 0 hands out, with this rank's threads, until -1
    Image scratch = anim.blank();
    for (int item = -1;;) {
      MPI_Recv(&item, 1, MPI_INT, 0, tag_work, comm, MPI_STATUS_IGNORE);
      if (item < 0) return;
      const auto [y0, y1] = rows_of(item);
      render_band_omp(anim, item / bands, scratch, y0, y1, threads);
      MPI_Send(mpi05::row_bytes(scratch, y0), int(mpi05::band_bytes(scratch, y0, y1)), MPI_BYTE, 0, tag_result, comm);
    }
  }
  std::atomic<int> next{0};  // the list of orders, shared by the MPI thread and rank 0's cooks
  auto take = [&] {
    const int i = next.fetch_add(1, std::memory_order_relaxed);
    return i < items ? i : -1;
  };
#pragma omp parallel num_threads(master_renders ? threads : 1)
  {
    if (omp_get_thread_num() == 0) {  // the main thread: the only one that calls MPI (FUNNELED)
      std::vector<int> assigned(p, -1);
      int active = 0;
      auto give = [&](int w) {
        assigned[w] = take();
        MPI_Send(&assigned[w], 1, MPI_INT, w, tag_work, comm);
        return assigned[w] >= 0;
      };
      for (int w = 1; w < p; ++w) active += give(w);
      std::vector<unsigned char> buf(std::size_t(band) * anim.width() * 3);
      while (active > 0) {
        MPI_Request req;
        MPI_Status st;
        MPI_Irecv(buf.data(), int(buf.size()), MPI_BYTE, MPI_ANY_SOURCE, tag_result, comm, &req);
        mpi::wait_polite(req, &st);  // sleeps between tests: leaves the core to rank 0's cooks
        const int w = st.MPI_SOURCE, item = assigned[w];
        const auto [y0, y1] = rows_of(item);
        Image& img = frames.at(item / bands);
        std::memcpy(mpi05::row_bytes(img, y0), buf.data(), mpi05::band_bytes(img, y0, y1));
        if (!give(w)) --active;
      }
    }
    // Every thread of rank 0 (the main one too, once the workers are done) cooks what is left.
    for (int i = take(); i >= 0; i = take()) {
      const auto [y0, y1] = rows_of(i);
      render_rows(anim, i / bands, frames.at(i / bands), y0, y1);
    }
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): a master/worker farm in which rank 0 renders too: its main thread
  // // serves the workers (hand out an item, receive its pixels, hand out the next, -1 at
  // // the end), while rank 0's other OpenMP threads take items from the same list and
  // // render them straight into `frames`; without master_renders, rank 0's team is its
  // // main thread alone. The workers (me != 0) render each item they are given with
  // // render_band_omp on `threads` threads and send its rows back, until told to stop.
  // // On 1 rank, rank 0 renders everything.
  // // Constraint: every item rendered exactly once, by whoever is free; only the main
  // // thread calls MPI (the drivers ask for MPI_THREAD_FUNNELED); the main thread must
  // // not spin while it waits; all ranks must throw (or none) - a lone thrower hangs the
  // // rest; the parallel region asks for its threads itself (num_threads).
  // // Look up: omp_get_thread_num, std::atomic::fetch_add, mpi::wait_polite, MPI_ANY_SOURCE,
  // // MPI_Send / MPI_Recv, mpi05::row_bytes and mpi05::band_bytes.
  // // Think: which MpiUse does this describe, and what does exercise 3 answer for it? On
  // // 2 ranks x 2 threads, how many cooks does this farm have, and module 05's?
  // (void)p, (void)me, (void)items, (void)rows_of, (void)tag_work, (void)tag_result, (void)frames;
  // (void)threads, (void)master_renders;
  // throw not_implemented("render_farm_shared (modules/06-hybrid/exercises/render_farm_shared.cpp)");
  // END STUDENT
}

}  // namespace parlab::hybrid
