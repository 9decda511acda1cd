// Module 06 - kitchens with several cooks: MPI ranks across nodes, OpenMP threads inside
// each rank. The MPI part is module 05's (row-block matmul, the frame farm); what changes
// is the work inside a rank, now shared by OpenMP threads. Only the main thread of a rank
// calls MPI, outside parallel regions: MPI_THREAD_FUNNELED is the level to ask for.
#pragma once
#include <string>

#include "mpi05.hpp"

namespace parlab::hybrid {

// The thread level the hybrid drivers ask MPI_Init_thread for (see README: why FUNNELED).
inline constexpr int thread_level = MPI_THREAD_FUNNELED;

// Exercise 1: C = A * B on this rank's rows with OpenMP threads: one block of rows per
// thread, each computed with mpi05::local_matmul_rows (the fast local kernel).
void local_matmul_omp(const Matrix& A, const Matrix& B, Matrix& C);

// Exercise 2: rows [y0, y1) of one frame with OpenMP threads: the band cut into tiles of
// `tile_size` pixels (make_tiles), tiles handed out dynamically (their costs differ).
void render_band_omp(const Animation& anim, int frame, Image& img, int y0, int y1);
inline constexpr int tile_size = 16;

// The CPUs this process may run on (sched_getaffinity), e.g. "0-1" or "3": what --bind-to
// and --map-by ...:PE=N decided. And how many.
std::string allowed_cpus();
int allowed_cpu_count();

// Rank 0 prints, for every rank, its host, OpenMP threads and allowed CPUs, and warns when
// a rank has more threads than CPUs (the threads then take turns on the cores).
void print_binding(int threads, MPI_Comm comm = MPI_COMM_WORLD);

}  // namespace parlab::hybrid
