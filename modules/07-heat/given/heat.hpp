// Module 07 - the heat equation: the problem every rung solves, the arithmetic of one point
// and the rungs' entry points. Shared memory here; the MPI rungs in heat_mpi.hpp.
//
// The field is ny rows x nx columns of doubles, row-major (row i, column j at i*nx + j).
// Rows 0 and ny-1 and columns 0 and nx-1 are the boundary: fixed (Dirichlet), with a
// pattern of hot spots on it (the heat sources); the inside starts cold. One step is one
// explicit Jacobi sweep of the 5-point stencil from one grid into the other.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace parlab::heat {

struct Problem {
  long nx = 1024, ny = 1024;  // columns, rows (boundary included)
  int steps = 100;
  double alpha = 0.2;         // diffusion number: stable for alpha <= 0.25
  // 0: the inside starts cold (the oracle's field, every checked run's). Else the inside starts
  // at temperatures drawn from it: each timed run gets its own (fresh_fields, heat_ladder.hpp),
  // so no run can reuse an earlier one's field.
  std::uint64_t seed = 0;
};

// One field, row-major; a rung owns two (the step reads one and writes the other).
struct Field {
  long nx = 0, ny = 0;
  std::vector<double> v;
  double* row(long i) { return v.data() + i * nx; }
  const double* row(long i) const { return v.data() + i * nx; }
};

// The value of one point after a step: the same expression, in the same order, in every
// rung, so every rung's field is bit-identical (the module builds with -ffp-contract=off).
// The offload rungs' device code is this expression too: given/heat_offload.cpp declares it
// `declare target` there alone (here, every TU of the module would carry device code).
inline double heat_point(double c, double n, double s, double w, double e, double a) {
  return c + a * ((n + s) + (w + e) - 4.0 * c);
}

// The initial value of global point (i, j): the boundary's heat sources; inside zero, or
// with p.seed a temperature in [0, 100) drawn from (seed, i, j).
double initial_value(const Problem& p, long i, long j);
// u sized nx x ny and filled with initial_value (one thread).
void init_field(const Problem& p, Field& u);
// Points a step updates: (nx-2) x (ny-2), or 0 when there is no inside.
long interior_points(const Problem& p);
// The work of one run, counted per updated point and step: 7 flops, 16 bytes (the centre
// read once, the new value written once: the neighbours come from cache, write-allocate
// traffic not counted, as STREAM does).
double run_flops(const Problem& p);
double run_bytes(const Problem& p);
// Throws usage_error naming the option if nx, ny, steps or alpha are out of range.
void check_problem(const Problem& p);

// ---- the rungs: each fills u (and tmp's boundary) from p itself, runs p.steps steps and
// leaves the final field in u (tmp is scratch of the same size); both arrive poisoned.
void size_fields(const Problem& p, Field& u, Field& tmp);  // sized, contents untouched
// Rung 1 (given): as a beginner writes it.
void heat_naive(const Problem& p, Field& u, Field& tmp);
// The oracle (given): p.steps steps in memory order, with a test per point; calls
// frame(f, field) for `frames` evenly spaced steps (the first and the last included).
Field reference_run(const Problem& p, int frames = 0,
                    const std::function<void(int, const Field&)>& frame = nullptr);
// The oracle's value of point (i, j) after p.steps steps, from the initial field within
// p.steps points of it alone (its light cone: a step moves heat one point): the oracle's
// arithmetic on that window, the cone shrinking by one a step. Bit-identical to the point of
// reference_run(p), at a cost of about (4/3) steps^3 updates however big the grid.
double light_cone_value(const Problem& p, long i, long j);
// Exercise 2: one step on the rows [i0, i1) and columns [j0, j1) of a row-major block of
// leading dimension ld (out[i*ld + j] from in's five points around it). The rung heat_seq
// and every MPI rung use it; an offload rung can reuse it inside a target region.
void sweep_block(const double* in, double* out, long ld, long i0, long i1, long j0, long j1, double a);
void heat_seq(const Problem& p, Field& u, Field& tmp);
// Exercise 3: OpenMP on `threads` threads, the fields first touched by the threads that sweep them.
void sweep_block_omp(const double* in, double* out, long ld, long i0, long i1, long j0, long j1, double a,
                     int threads);
// u and tmp sized and set to the initial field by the threads that later sweep their rows.
void init_fields_omp(const Problem& p, Field& u, Field& tmp, int threads);
void heat_omp(const Problem& p, Field& u, Field& tmp, int threads);
// Exercise 4 (stretch): temporal blocking, `block` steps per pass over the grid.
void heat_blocked(const Problem& p, Field& u, Field& tmp, int threads, int block);

// ---- pictures ---------------------------------------------------------------------------
// The field as a heat map (black - red - yellow - white over [0, hottest source]), one
// pixel per point, scaled down to at most max_side pixels a side; returns the path written.
std::string write_heat_map(const Field& u, const std::string& path_without_extension, int max_side = 512);

}  // namespace parlab::heat
