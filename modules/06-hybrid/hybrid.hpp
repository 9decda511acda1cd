// Module 06 - kitchens with several cooks: MPI ranks across nodes, OpenMP threads inside
// each rank. The MPI part is module 05's (row-block matmul, the frame farm); what changes
// is the work inside a rank, now shared by OpenMP threads. Only the main thread of a rank
// calls MPI: MPI_THREAD_FUNNELED is the level to ask for (exercise 3 says why).
#pragma once
#include <string>

#include "mpi05.hpp"

namespace parlab::hybrid {

// How a program uses MPI from its threads, as far as MPI's thread levels care.
struct MpiUse {
  bool threads = false;            // the process starts threads (OpenMP, std::thread) at all
  bool calls_in_parallel = false;  // some MPI call sits inside a parallel region
  bool only_main_thread = true;    // every MPI call comes from the thread that called MPI_Init_thread
  bool concurrent = false;         // two threads may be inside MPI calls at the same time
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

// Exercise 1: C = A * B on this rank's rows with OpenMP threads: one block of rows per
// thread, each computed with mpi05::local_matmul_rows (the fast local kernel).
void local_matmul_omp(const Matrix& A, const Matrix& B, Matrix& C);

// Exercise 2: rows [y0, y1) of one frame with OpenMP threads: the band cut into tiles of
// `tile_size` pixels (make_tiles), tiles handed out dynamically (their costs differ).
void render_band_omp(const Animation& anim, int frame, Image& img, int y0, int y1);
inline constexpr int tile_size = 16;

// Exercise 4 (render_farm_shared.cpp): module 05's frame farm in which rank 0 renders too:
// its main thread serves the workers (the only thread that calls MPI), its other OpenMP
// threads render items from the same list. Any rank count from 1; frames on rank 0 only.
void render_farm_shared(const Animation& anim, std::vector<Image>& frames, MPI_Comm comm, int band);

// The CPUs this process may run on (sched_getaffinity), e.g. "0-1" or "3": what --bind-to
// and --map-by ...:PE=N decided. And how many.
std::string allowed_cpus();
int allowed_cpu_count();

// Rank 0 prints, for every rank, its host, OpenMP threads and allowed CPUs, and warns when
// a rank has more threads than CPUs (the threads then take turns on the cores).
void print_binding(int threads, MPI_Comm comm = MPI_COMM_WORLD);

}  // namespace parlab::hybrid
