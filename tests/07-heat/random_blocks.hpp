// Blocks of random values for the MPI exercises' own functions: a field no rank can derive
// from the Problem (its seed is drawn at run time on rank 0), cut into the ranks' blocks as
// the given rungs cut p's field, stepped serially here for the answer.
#pragma once
#include <mpi.h>

#include <cstring>
#include <random>

#include "heat_mpi.hpp"

namespace parlab::heat::test {

// nx x ny random values in [0, 100), the same on every rank of comm (a seed from rank 0).
inline Field random_field(long nx, long ny, MPI_Comm comm = MPI_COMM_WORLD) {
  unsigned seed = std::random_device{}();
  MPI_Bcast(&seed, 1, MPI_UNSIGNED, 0, comm);
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> val(0.0, 100.0);
  Field f{nx, ny, std::vector<double>(std::size_t(nx * ny))};
  for (double& x : f.v) x = val(gen);
  return f;
}

// `steps` Jacobi steps of f in place: heat_point on the inside, the boundary kept.
inline void serial_steps(Field& f, double a, int steps) {
  Field out = f;
  for (int t = 0; t < steps; ++t) {
    for (long i = 1; i < f.ny - 1; ++i)
      for (long j = 1; j < f.nx - 1; ++j)
        out.row(i)[j] = heat_point(f.row(i)[j], f.row(i - 1)[j], f.row(i + 1)[j], f.row(i)[j - 1], f.row(i)[j + 1], a);
    std::swap(f.v, out.v);
  }
}

// b's owned points in both grids set to f's (the halo stays NaN).
inline void fill_block(Block& b, const Field& f) {
  for (long i = 1; i <= b.rows; ++i)
    for (long j = 1; j <= b.cols; ++j) {
      const std::size_t k = std::size_t(i * b.ld() + j);
      b.u[k] = b.tmp[k] = f.row(b.r0 + i - 1)[b.c0 + j - 1];
    }
}

// b.u's point (i, j) in local coordinates holds f's value there, bit for bit.
inline bool holds(const Block& b, const Field& f, long i, long j) {
  const double x = b.u[std::size_t(i * b.ld() + j)], y = f.row(b.r0 + i - 1)[b.c0 + j - 1];
  return std::memcmp(&x, &y, sizeof x) == 0;
}

// Every owned point of b.u is f's.
inline bool owned_match(const Block& b, const Field& f) {
  for (long i = 1; i <= b.rows; ++i)
    for (long j = 1; j <= b.cols; ++j)
      if (!holds(b, f, i, j)) return false;
  return true;
}

// Every halo point of b.u (the corners excepted) that lies inside the field is f's: the
// neighbours' edges.
inline bool halos_match(const Block& b, const Field& f) {
  for (long i : {0L, b.rows + 1}) {
    const long gi = b.r0 + i - 1;
    if (gi >= 0 && gi < f.ny)
      for (long j = 1; j <= b.cols; ++j)
        if (!holds(b, f, i, j)) return false;
  }
  for (long j : {0L, b.cols + 1}) {
    const long gj = b.c0 + j - 1;
    if (gj >= 0 && gj < f.nx)
      for (long i = 1; i <= b.rows; ++i)
        if (!holds(b, f, i, j)) return false;
  }
  return true;
}

// The most a halo exchange of b sends per step: a row (halo columns included) to each of two
// neighbours and a column to each of two others, in bytes.
inline double halo_bytes(const Block& b) { return 8.0 * (2 * (b.cols + 2) + 2 * (b.rows + 2)); }

}  // namespace parlab::heat::test
