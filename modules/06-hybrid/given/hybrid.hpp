// Module 06 - kitchens with several cooks: MPI ranks across nodes, OpenMP threads inside
// each rank. The distribution between the ranks is given (row slots, module 05's static
// split of the frames); the exercises share a rank's work among its OpenMP threads and
// build a farm in which rank 0 cooks too. Nothing here needs module 05's exercises. Only
// the main thread of a rank calls MPI: MPI_THREAD_FUNNELED is the level to ask for
// (exercise 3 says why). Every parallel region takes its thread count (num_threads).
#pragma once
#include <string>

#include "mpi.hpp"
#include "parlab/partition.hpp"

namespace parlab::hybrid {

// How a program uses MPI from its threads, as far as MPI's thread levels care.
struct MpiUse {
  bool threads = false;            // the process starts threads (OpenMP, std::thread) at all
  bool calls_in_parallel = false;  // some MPI call sits inside a parallel region
  bool only_main_thread = true;    // every MPI call comes from the thread that called MPI_Init_thread
  bool concurrent = false;         // two threads may be inside MPI calls at the same time (so
                                   // more than one thread calls MPI)
};
// Exercise 3 (thread_level.cpp): the lowest MPI thread level (MPI_THREAD_SINGLE ..
// MPI_THREAD_MULTIPLE) under which a program that uses MPI as `use` says is correct.
// Throws std::invalid_argument for a description that cannot happen.
int required_thread_level(const MpiUse& use);

// How this module's drivers use MPI: OpenMP threads inside each rank, every MPI call on
// the main thread - inside a parallel region too (exercise 4's master serves the workers
// from thread 0 of its team).
inline constexpr MpiUse drivers_use{true, true, true, false};
// The thread level the hybrid drivers ask MPI_Init_thread for; the test checks that
// exercise 3 gives the same answer for drivers_use.
inline constexpr int thread_level = MPI_THREAD_FUNNELED;

// Given (row_slots.cpp): C = A * B over the ranks of comm. Each rank gets ceil(m / P) rows
// of A (the root pads A with zero rows when P does not divide m) and all of B, computes its
// rows of C with `local`, and the root collects them (on one rank: `local` on A, B and C
// themselves, no copies). Needs m >= ranks.
void matmul_row_slots(const Matrix& A, const Matrix& B, Matrix& C, MPI_Comm comm, const mpi05::LocalMatmul& local);

// Given (local_block.cpp): C[rows, cols] = A[rows, :] * B[:, cols] with module 05's local
// kernel (dgemm or Eigen, one thread per call); other elements of C untouched. Every call
// reads and packs its rows of A and its columns of B. Throws std::invalid_argument for a
// block outside C.
void local_matmul_block(const Matrix& A, const Matrix& B, Matrix& C, Range rows, Range cols);

// Exercise 1 (matmul_omp_rows.cpp): how `threads` threads cut an m x n block of C into
// rows x cols blocks (rows * cols == threads, each block one local_matmul_block call) so
// that the busiest thread's call reads the fewest elements of A and B. Throws usage_error
// for threads < 1 and std::invalid_argument for a negative m or n.
struct ThreadGrid {
  int rows = 1, cols = 1;
};
ThreadGrid thread_grid(long m, long n, int threads);
// Exercise 1: C = A * B on this rank's slot with `threads` OpenMP threads, one block of
// thread_grid's grid per thread.
void local_matmul_omp(const Matrix& A, const Matrix& B, Matrix& C, int threads);

// Exercise 2: rows [y0, y1) of one frame with `threads` OpenMP threads: the band cut into
// tiles of `tile_size` pixels (make_tiles), shared so that no thread idles while tiles are
// left (their costs differ).
void render_band_omp(const Animation& anim, int frame, Image& img, int y0, int y1, int threads);
inline constexpr int tile_size = 16;

// Exercise 4 (render_farm_shared.cpp): a frame farm over the ranks of comm. Work items are
// bands of `band` rows (item i: frame i / bands, rows from (i % bands) * band). Rank 0's
// main thread serves the workers (hands out an item, takes its pixels back, hands out the
// next or -1: stop; the only thread that calls MPI); every other rank renders the items it
// is given with `threads` threads (render_band_omp). With `master_renders`, rank 0 runs
// `threads` threads and the others take items from the same list too; without, rank 0 runs
// its main thread alone, which serves until every item is handed out (module 05's farm:
// the master does not cook while workers are busy). Any rank count from 1 (on 1 rank the
// main thread renders everything itself). Frames on rank 0 only.
void render_farm_shared(const Animation& anim, std::vector<Image>& frames, MPI_Comm comm, int band, int threads,
                        bool master_renders = true);

// The CPUs this process may run on (sched_getaffinity), e.g. "0-1" or "3": what --bind-to
// and --map-by ...:PE=N decided. And how many.
std::string allowed_cpus();
int allowed_cpu_count();

// Rank 0 prints, for every rank, its host, OpenMP threads and allowed CPUs, and warns when
// a rank has more threads than CPUs (the threads then take turns on the cores).
void print_binding(int threads, MPI_Comm comm = MPI_COMM_WORLD);

}  // namespace parlab::hybrid
