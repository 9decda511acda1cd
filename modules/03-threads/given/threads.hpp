// Module 03 exercises: more cooks sharing one kitchen.
// Each function validates its thread count with check_threads (workers.hpp):
// 0, negative or more than kMaxThreads throws usage_error.
#pragma once
#include <vector>

#include "parlab/image.hpp"
#include "parlab/matrix.hpp"
#include "parlab/render.hpp"

namespace parlab::threads {

// Exercise 1 (matmul_row_blocks.cpp): C = A * B with `threads` std::threads, each
// computing one contiguous block of rows of C with parlab::matmul_rows.
void matmul_row_blocks(const Matrix& A, const Matrix& B, Matrix& C, int threads);

// Exercises 2-4 and 6: render every frame of `anim` into `frames` (one blank image per
// frame, as the driver hands them over). Every version must give images
// bit-identical to render_all_seq.
void render_block(const Animation& anim, std::vector<Image>& frames, int threads);   // 2: contiguous row blocks
void render_cyclic(const Animation& anim, std::vector<Image>& frames, int threads);  // 3: rows dealt round-robin
void render_queue(const Animation& anim, std::vector<Image>& frames, int threads);   // 4: shared atomic row counter
// 6: one ThreadPool task per tile (tile x tile pixels, make_tiles) of every frame.
inline constexpr int kDefaultTile = 16;
void render_pool(const Animation& anim, std::vector<Image>& frames, int threads, int tile = kDefaultTile);

// Given: throws std::invalid_argument unless `frames` holds anim.frames() images of
// the animation's size (a wrong buffer would be written out of bounds by the workers).
void check_frames(const Animation& anim, const std::vector<Image>& frames);

// Given: the load-balance lesson without a clock. The cost of every row of one
// frame in rays (Animation::rays), and how unevenly a partitioning shares it out:
// the busiest worker's rays over the average (1 = perfect; p / imbalance is the
// best speedup that partitioning can reach on p cores). `share` holds each worker's
// rays; busiest_over_average of all zeros is 1.
std::vector<long> row_rays(const Animation& anim, int frame);
double busiest_over_average(const std::vector<long>& share);
double block_imbalance(const std::vector<long>& row_cost, int threads);
// Exercise 3 (render_cyclic.cpp): the same measure for exercise 3's own deal of the rows
// (row_cost[y]: the rays of row y), so that threads_render_cost counts what you render.
double cyclic_imbalance(const std::vector<long>& row_cost, int threads);

}  // namespace parlab::threads
