// The given parts of the MPI rungs: a rank's block, the gather to rank 0, the time split,
// the process grid's shape and a grid block's place.
#include "heat_mpi.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>
#include <iostream>
#include <limits>

#include "parlab/error.hpp"
#include "parlab/partition.hpp"

namespace parlab::heat {

Block make_block(const Problem& p, long r0, long rows, long c0, long cols) {
  Block b;
  b.p = p, b.r0 = r0, b.rows = rows, b.c0 = c0, b.cols = cols;
  // Updated: the owned points off the global boundary (global rows 1..ny-2, columns 1..nx-2).
  b.i0 = std::max(r0, 1L) - r0 + 1, b.i1 = std::min(r0 + rows, p.ny - 1) - r0 + 1;
  b.j0 = std::max(c0, 1L) - c0 + 1, b.j1 = std::min(c0 + cols, p.nx - 1) - c0 + 1;
  b.u.assign(std::size_t((rows + 2) * (cols + 2)), std::numeric_limits<double>::quiet_NaN());
  for (long i = 1; i <= rows; ++i)
    for (long j = 1; j <= cols; ++j) b.u[std::size_t(i * b.ld() + j)] = initial_value(p, r0 + i - 1, c0 + j - 1);
  b.tmp = b.u;
  return b;
}

void gather_block(const Block& b, Field& root_u, MPI_Comm comm) {
  int me = 0, ranks = 1;
  MPI_Comm_rank(comm, &me);
  MPI_Comm_size(comm, &ranks);
  std::vector<double> mine(std::size_t(b.rows * b.cols));
  for (long i = 0; i < b.rows; ++i)
    std::copy_n(&b.u[std::size_t((i + 1) * b.ld() + 1)], b.cols, &mine[std::size_t(i * b.cols)]);
  const long place[4] = {b.r0, b.rows, b.c0, b.cols};
  std::vector<long> places(me == 0 ? 4 * std::size_t(ranks) : 0);
  MPI_Gather(place, 4, MPI_LONG, places.data(), 4, MPI_LONG, 0, comm);
  std::vector<int> counts, displs;
  std::vector<double> all;
  if (me == 0) {
    counts.resize(ranks), displs.resize(ranks);
    long total = 0;
    for (int r = 0; r < ranks; ++r) {
      counts[r] = int(places[4 * r + 1] * places[4 * r + 3]);
      displs[r] = int(total);
      total += counts[r];
    }
    all.resize(std::size_t(total));
  }
  MPI_Gatherv(mine.data(), int(mine.size()), MPI_DOUBLE, all.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
              comm);
  if (me != 0) return;
  for (int r = 0; r < ranks; ++r) {
    const long r0 = places[4 * r], rows = places[4 * r + 1], c0 = places[4 * r + 2], cols = places[4 * r + 3];
    for (long i = 0; i < rows; ++i)
      std::copy_n(&all[std::size_t(displs[r] + i * cols)], cols, root_u.row(r0 + i) + c0);
  }
}

HaloSplit annotate_split(const HaloSplit& split, Record& r, MPI_Comm comm) {
  const double n = std::max(split.runs, 1);
  const double mine[4] = {split.compute / n, split.exchange / n, split.wait / n, split.distribute / n};
  double worst[4] = {0, 0, 0, 0};
  MPI_Reduce(mine, worst, 4, MPI_DOUBLE, MPI_MAX, 0, comm);
  int me = 0;
  MPI_Comm_rank(comm, &me);
  if (me != 0) return {};
  r.extra.push_back({"compute_s", worst[0]});
  r.extra.push_back({"exchange_s", worst[1]});
  r.extra.push_back({"wait_s", worst[2]});
  r.extra.push_back({"distribute_s", worst[3]});
  const std::string label = r.threads > 1 ? r.variant + " x" + std::to_string(r.threads) : r.variant;  // hybrid's: one a thread count
  std::cout << "Time split [" << label << "] (ms per run, max over ranks): compute " << fmt(worst[0] * 1e3, 2)
            << " exchange " << fmt(worst[1] * 1e3, 2) << " wait " << fmt(worst[2] * 1e3, 2) << "; distribute "
            << fmt(worst[3] * 1e3, 2) << " (untimed: outside the run's time)\n";
  return {worst[0], worst[1], worst[2], worst[3], 1};
}

double predicted_halo_s(const Problem& p, int prows, int pcols, int rank, double alpha_s, double bytes_per_s) {
  const int i = rank / pcols, j = rank % pcols;  // MPI_Cart_create without reordering: row-major
  const double rows = double(block_range(p.ny, prows, i).size()), cols = double(block_range(p.nx, pcols, j).size());
  const double row_msg = alpha_s + 8.0 * cols / bytes_per_s, col_msg = alpha_s + 8.0 * rows / bytes_per_s;
  const int vertical = (i > 0) + (i < prows - 1), horizontal = (j > 0) + (j < pcols - 1);
  return p.steps * (vertical * row_msg + horizontal * col_msg);
}

void grid_shape(int ranks, const Problem& p, int& prows, int& pcols) {
  int dims[2] = {0, 0};
  MPI_Dims_create(ranks, 2, dims);
  // MPI's choice, turned round, then the squarest other shape: the first that fits.
  std::vector<std::pair<int, int>> shapes{{dims[0], dims[1]}, {dims[1], dims[0]}};
  for (int r = 1; r <= ranks; ++r)
    if (ranks % r == 0) shapes.push_back({r, ranks / r});
  std::stable_sort(shapes.begin() + 2, shapes.end(),
                   [](auto a, auto b) { return std::abs(a.first - a.second) < std::abs(b.first - b.second); });
  std::string tried;
  for (auto [r, c] : shapes) {
    if (r <= p.ny && c <= p.nx) {
      prows = r, pcols = c;
      return;
    }
    const std::string shape = std::to_string(r) + " x " + std::to_string(c);
    if (tried.find(shape) == std::string::npos) tried += (tried.empty() ? "" : ", ") + shape;
  }
  throw usage_error("--nx " + std::to_string(p.nx) + " and --ny " + std::to_string(p.ny) +
                    " are too small for every process grid of " + std::to_string(ranks) + " ranks (" + tried +
                    "): every rank needs at least one row and one column; use fewer ranks or a bigger grid");
}

Block cart_block(const Problem& p, const CartGrid& g) {
  const Range r = block_range(p.ny, g.dims[0], g.coords[0]), c = block_range(p.nx, g.dims[1], g.coords[1]);
  return make_block(p, r.begin, r.size(), c.begin, c.size());
}

CartGrid::~CartGrid() {
  if (comm != MPI_COMM_NULL) MPI_Comm_free(&comm);
}

}  // namespace parlab::heat
