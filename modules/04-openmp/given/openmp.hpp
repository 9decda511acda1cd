// Module 04 exercises: the same kitchen, with directives.
// Every function takes the thread count explicitly (num_threads), so a driver can
// run 1, 2, ... threads in one process whatever OMP_NUM_THREADS says.
#pragma once
#include <omp.h>

#include <cstddef>
#include <string>
#include <vector>

#include "gemm_model.hpp"
#include "parlab/image.hpp"
#include "parlab/matrix.hpp"
#include "parlab/render.hpp"

// Marks a function that creates OpenMP tasks, for the race build (matmul_tasks.cpp says why).
#if defined(__clang__) || defined(__GNUC__)
#define PARLAB_TASK_CREATOR __attribute__((no_sanitize("thread")))
#else
#define PARLAB_TASK_CREATOR
#endif

namespace parlab::omp {

// ---- matmul (C = A * B) ------------------------------------------------------
// Exercise 1 (matmul_parallel_rows.cpp): `parallel for` over the rows of C, each
// row computed with matmul_rows.
void matmul_parallel_rows(const Matrix& A, const Matrix& B, Matrix& C, int threads);
// Exercise 2 (matmul_collapse.cpp): cache-blocked tiles of C shared out with
// `collapse(2)`, each tile built from matmul_tile calls.
struct Tiles {
  std::size_t bi = 64, bk = 128, bj = 256;
};
// Tiles along a dimension of `extent` (int: the loop type clang is happy to collapse), and tile (bi, bj) of C over the whole depth
// (matmul_tile per bk-deep slice, in order: every slice adds into the same tile).
int tile_count(std::size_t extent, std::size_t tile);
void tile_product(const Matrix& A, const Matrix& B, Matrix& C, Tiles t, int bi, int bj);
void matmul_collapse(const Matrix& A, const Matrix& B, Matrix& C, int threads, Tiles t = {});
// Exercises 3a and 3b: packed panels (gemm_kernel.hpp) + a register-tiled SIMD
// micro-kernel (3a, matmul_micro_kernel.cpp); 3b (matmul_tiled.cpp) is the parallel
// region, the shared packing of B and the work-sharing of A's blocks. Without `p`: this machine's tile and blocks
// (gemm_model.hpp: the model, `make tune`'s choice or PARLAB_GEMM).
void matmul_tiled(const Matrix& A, const Matrix& B, Matrix& C, int threads, const kernel::Params& p);
inline void matmul_tiled(const Matrix& A, const Matrix& B, Matrix& C, int threads) {
  matmul_tiled(A, B, C, threads, kernel::machine_params().params);
}
// Exercise 4 (matmul_tasks.cpp): divide and conquer with `omp task`: halve the
// largest dimension until a block is small (leaves: matmul_tile).
void matmul_tasks(const Matrix& A, const Matrix& B, Matrix& C, int threads, std::size_t leaf = 64);
// Exercise 5 (matmul_taskloop.cpp): the same tiles as exercise 2 with `taskloop`.
void matmul_taskloop(const Matrix& A, const Matrix& B, Matrix& C, int threads, Tiles t = {});

// Reference: Eigen's own product, built with OpenMP so it runs on `threads` threads.
void matmul_eigen_omp(const Matrix& A, const Matrix& B, Matrix& C, int threads);

// ---- rendering (every frame of the animation) -----------------------------------
// Exercise 6 (render_schedules.cpp), rows: one row = one iteration, frame after frame, the
// rows handed out by the schedule chosen at run time (kind and chunk, as omp_set_schedule
// takes them; chunk 0 = the kind's default).
struct Schedule {
  omp_sched_t kind;
  int chunk;
};
void render_scheduled(const Animation& anim, std::vector<Image>& frames, int threads, Schedule s);
// Given (schedules.cpp): the four schedules of the driver's rungs, each one call of render_scheduled.
void render_static(const Animation& anim, std::vector<Image>& frames, int threads);   // schedule(static)
void render_static1(const Animation& anim, std::vector<Image>& frames, int threads);  // schedule(static, 1)
void render_dynamic(const Animation& anim, std::vector<Image>& frames, int threads, int chunk = 2);  // (dynamic, k)
void render_guided(const Animation& anim, std::vector<Image>& frames, int threads);   // schedule(guided)
// Exercise 6 too (render_schedules.cpp), tiles: square tiles (make_tiles) shared among the threads.
void render_tiles(const Animation& anim, std::vector<Image>& frames, int threads, int tile = 16);
// Exercise 7 (render_frames.cpp): across the frames, two ways. Whole frames in parallel,
// one frame per iteration...
void render_frames(const Animation& anim, std::vector<Image>& frames, int threads);
// ...and frames x rows as one collapsed loop.
void render_collapsed(const Animation& anim, std::vector<Image>& frames, int threads);

// ---- races (races.cpp; the fixes: data_sharing.cpp) ---------------------------------
// sum of x[i] * y[i], and out[i] = f(x[i]) with a temporary. The *_racy versions are
// deliberate mistakes kept as demonstrations (omp_races); exercise 8 fixes them.
double dot_racy(const std::vector<double>& x, const std::vector<double>& y, int threads);
double dot_reduction(const std::vector<double>& x, const std::vector<double>& y, int threads);  // exercise 8
double dot_atomic(const std::vector<double>& x, const std::vector<double>& y, int threads);     // exercise 8
void poly_racy(const std::vector<double>& x, std::vector<double>& out, int threads);
void poly_private(const std::vector<double>& x, std::vector<double>& out, int threads);  // exercise 8
// The polynomial both poly_* evaluate, for checking: (x^2 + 1) * (x - 2).
double poly(double x);

}  // namespace parlab::omp
