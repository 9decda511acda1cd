// Hostile case (07, exercise 5): rank 0 holds the whole field. Every call gathers each rank's
// band to rank 0, which hands every rank its two halo rows back: right at every shape and
// rank count, with no message between neighbours. Honest verdict: no row-band points (the
// test counts the traffic: collectives inside the steps).
#include <vector>

#include "heat_mpi.hpp"
#include "parlab/partition.hpp"

namespace parlab::heat {

void exchange_rows(Block& b, MPI_Comm comm) {
  int me = 0, ranks = 1;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &ranks);
  const long ld = b.ld(), ny = b.p.ny;
  std::vector<int> counts(ranks), displs(ranks), hcounts(ranks, int(2 * ld)), hdispls(ranks);
  for (int r = 0; r < ranks; ++r) {
    const Range band = block_range(ny, ranks, r);
    counts[r] = int(band.size() * ld), displs[r] = int(band.begin * ld), hdispls[r] = int(2 * ld * r);
  }
  std::vector<double> field(me == 0 ? std::size_t(ny * ld) : 0), halos(me == 0 ? std::size_t(2 * ld * ranks) : 0);
  MPI_Gatherv(b.u.data() + ld, counts[me], MPI_DOUBLE, field.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
              comm);
  if (me == 0)
    for (int r = 0; r < ranks; ++r) {
      const Range band = block_range(ny, ranks, r);
      if (band.begin > 0) std::copy_n(&field[std::size_t((band.begin - 1) * ld)], ld, &halos[std::size_t(2 * ld * r)]);
      if (band.end < ny) std::copy_n(&field[std::size_t(band.end * ld)], ld, &halos[std::size_t(2 * ld * r + ld)]);
    }
  std::vector<double> mine(std::size_t(2 * ld));
  MPI_Scatterv(halos.data(), hcounts.data(), hdispls.data(), MPI_DOUBLE, mine.data(), int(2 * ld), MPI_DOUBLE, 0, comm);
  if (me > 0) std::copy_n(mine.data(), ld, b.u.data());
  if (me < ranks - 1) std::copy_n(mine.data() + ld, ld, b.u.data() + (b.rows + 1) * ld);
}

}  // namespace parlab::heat
