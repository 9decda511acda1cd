// 06-hybrid under mpirun (1..3 ranks) with 2 OpenMP threads per rank: the threaded local
// kernels alone, then inside the given distribution (row slots, module 05's static split).
// Verdicts reduced over the ranks. No test calls a module 05 exercise.
#include "support/catch.hpp"

#include <algorithm>
#include <limits>

#include "hybrid.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"
#include "parlab/oracle.hpp"

using namespace parlab;

namespace {
bool root() { return mpi::rank() == 0; }
}  // namespace

namespace {
// What the busiest thread of grid g reads of A and B, per unit of depth k.
long busiest_reads(long m, long n, hybrid::ThreadGrid g) {
  return block_range(m, g.rows, 0).size() + block_range(n, g.cols, 0).size();
}
}  // namespace

TEST_CASE("thread_grid: the busiest thread reads the fewest elements of A and B", "[hybrid][matmul]") {
  using hybrid::thread_grid;
  auto is = [](hybrid::ThreadGrid g, int rows, int cols) { return g.rows == rows && g.cols == cols; };
  CHECK(is(thread_grid(1000, 10, 4), 4, 1));    // tall: cut rows
  CHECK(is(thread_grid(10, 1000, 4), 1, 4));    // a slot of a few rows of a wide C: cut columns
  CHECK(is(thread_grid(96, 96, 4), 2, 2));      // square: 48 + 48 beats 24 + 96
  CHECK(is(thread_grid(512, 1024, 8), 2, 4));   // 256 + 256 beats 128 + 512 and 512 + 128
  CHECK(is(thread_grid(7, 5, 3), 3, 1));
  CHECK(is(thread_grid(5, 5, 1), 1, 1));
  for (long m : {0L, 1L, 2L, 7L, 64L, 129L, 1000L})
    for (long n : {0L, 1L, 3L, 64L, 1024L})
      for (int t : {1, 2, 3, 4, 6, 7, 8, 12, 16}) {
        const hybrid::ThreadGrid g = thread_grid(m, n, t);
        INFO(m << " x " << n << " on " << t << " threads: " << g.rows << " x " << g.cols);
        REQUIRE(g.rows >= 1);
        REQUIRE(g.cols >= 1);
        CHECK(g.rows * g.cols == t);
        for (int r = 1; r <= t; ++r)
          if (t % r == 0) CHECK(busiest_reads(m, n, g) <= busiest_reads(m, n, {r, t / r}));
      }
  CHECK_THROWS_AS(thread_grid(4, 4, 0), usage_error);
  CHECK_THROWS_AS(thread_grid(-1, 4, 2), std::invalid_argument);
}

TEST_CASE("local_matmul_block: one block of C, the rest untouched", "[hybrid][matmul]") {
  Matrix A(9, 4), B(4, 11), C(9, 11), D(9, 11);
  A.fill_random(1), B.fill_random(2);
  mpi05::local_matmul(A, B, D);  // the whole product, module 05's kernel
  std::fill(C.data(), C.data() + 9 * 11, -1.0);
  hybrid::local_matmul_block(A, B, C, {2, 7}, {3, 10});
  for (std::size_t i = 0; i < 9; ++i)
    for (std::size_t j = 0; j < 11; ++j) {
      const bool in = i >= 2 && i < 7 && j >= 3 && j < 10;
      INFO(i << ", " << j);
      CHECK(C(i, j) == (in ? Approx(D(i, j)) : Approx(-1.0)));
    }
  CHECK_THROWS_AS(hybrid::local_matmul_block(A, B, C, {0, 10}, {0, 1}), std::invalid_argument);
  CHECK_THROWS_AS(hybrid::local_matmul_block(A, B, C, {3, 2}, {0, 1}), std::invalid_argument);
}

TEST_CASE("local_matmul_omp: odd shapes, more threads than chunks", "[hybrid][matmul]") {
  for (int threads : {1, 2, 3, 4, 6}) {
    for (auto [m, k, n] : {std::array<long, 3>{1, 1, 1}, {7, 5, 3}, {100, 33, 65}, {129, 64, 1}, {3, 40, 200}}) {
      Matrix A(m, k), B(k, n), C(m, n);
      A.fill_random(m + k), B.fill_random(n);
      hybrid::local_matmul_omp(A, B, C, threads);
      const CheckResult r = check_product(A, B, C);
      INFO(m << "x" << k << "x" << n << " threads=" << threads << ": " << r.message());
      CHECK(mpi::all_ok(r.ok));
    }
  }
}

TEST_CASE("hybrid row-block matmul (ranks x threads) matches the oracle", "[hybrid][matmul]") {
  auto two_threads = [](const Matrix& a, const Matrix& b, Matrix& c) { hybrid::local_matmul_omp(a, b, c, 2); };
  // Growing and shrinking: the slot buffers kept between calls take every shape. C is
  // poisoned: on one rank the kernel writes it in place, and must write all of it.
  for (long n : {long(mpi::size()), 37L, 96L, 37L}) {
    Matrix A, B, C;
    if (root()) A = Matrix(n, n + 3), B = Matrix(n + 3, n - 0), C = Matrix(n, n), A.fill_random(n), B.fill_random(n + 1);
    if (root()) std::fill(C.data(), C.data() + C.size(), std::numeric_limits<double>::quiet_NaN());
    hybrid::matmul_row_slots(A, B, C, MPI_COMM_WORLD, two_threads);
    bool ok = true;
    if (root()) ok = check_product(A, B, C).ok;
    CHECK(mpi::all_ok(ok));
  }
}

TEST_CASE("local_matmul_omp with each local kernel (blas, eigen) called from every thread", "[hybrid][matmul]") {
  std::vector<mpi05::LocalKernel> kernels{mpi05::LocalKernel::eigen};
  if (have_blas()) kernels.push_back(mpi05::LocalKernel::blas);
  for (auto k : kernels) {
    mpi05::use_local_kernel(k);
    Matrix A(131, 70), B(70, 45), C(131, 45);
    A.fill_random(11), B.fill_random(12);
    hybrid::local_matmul_omp(A, B, C, 2);
    const CheckResult r = check_product(A, B, C);
    INFO("kernel " << mpi05::kernel_name(k) << ": " << r.message());
    CHECK(mpi::all_ok(r.ok));
  }
  mpi05::use_local_kernel(mpi05::default_local_kernel());
}

TEST_CASE("render_band_omp: bands of any height, bit-identical", "[hybrid][render]") {
  const Animation anim(RenderSettings{37, 21, 2, 1, 3});
  const auto ref = render_all_seq(anim);
  bool ok = true;
  for (int f = 0; f < anim.frames(); ++f) {
    Image img = anim.blank();
    for (auto [y0, y1] : {std::pair{0, 5}, std::pair{5, 6}, std::pair{6, 21}}) hybrid::render_band_omp(anim, f, img, y0, y1, 2);
    ok = ok && count_differences(img, ref[f]) == 0;
  }
  CHECK(mpi::all_ok(ok));
}

TEST_CASE("hybrid static split and frame farm (frames x tiles) are bit-identical", "[hybrid][render]") {
  const Animation anim(RenderSettings{33, 19, 3, 1, 3});
  std::vector<Image> ref, frames;
  if (root()) ref = render_all_seq(anim);
  auto same = [&] {
    bool ok = true;
    if (root())
      for (int f = 0; f < anim.frames(); ++f) ok = ok && count_differences(frames[f], ref[f]) == 0;
    return mpi::all_ok(ok);
  };
  if (root()) frames.assign(anim.frames(), anim.blank());
  mpi05::render_static(anim, frames, MPI_COMM_WORLD, [](const Animation& a, int f, Image& img, int y0, int y1) {
    hybrid::render_band_omp(a, f, img, y0, y1, 2);
  });
  CHECK(same());
  // The farm-omp rung: rank 0 only hands out whole frames, each worker renders its frame's tiles.
  if (root()) frames.assign(anim.frames(), anim.blank());
  hybrid::render_farm_shared(anim, frames, MPI_COMM_WORLD, anim.height(), 2, false);
  CHECK(same());
}

TEST_CASE("required_thread_level: the lowest level that is correct for each use of MPI", "[hybrid][thread-level]") {
  using hybrid::MpiUse;
  using hybrid::required_thread_level;
  CHECK(required_thread_level(MpiUse{false, false, true, false}) == MPI_THREAD_SINGLE);
  CHECK(required_thread_level(MpiUse{true, false, true, false}) == MPI_THREAD_FUNNELED);   // MPI outside regions
  CHECK(required_thread_level(MpiUse{true, true, true, false}) == MPI_THREAD_FUNNELED);    // `omp masked`
  CHECK(required_thread_level(MpiUse{true, true, false, false}) == MPI_THREAD_SERIALIZED); // `omp single`
  CHECK(required_thread_level(MpiUse{true, false, false, false}) == MPI_THREAD_SERIALIZED);
  CHECK(required_thread_level(MpiUse{true, true, false, true}) == MPI_THREAD_MULTIPLE);    // every thread sends
  // What the drivers ask MPI_Init_thread for is what their use needs, no more.
  CHECK(required_thread_level(hybrid::drivers_use) == hybrid::thread_level);
  // Descriptions that cannot happen: MPI from a parallel region, or concurrently, without threads;
  // two threads inside MPI at once when only the main thread calls it (the MPI standard's
  // FUNNELED: "only the main thread will make MPI calls" - then no two calls can overlap).
  CHECK_THROWS_AS(required_thread_level(MpiUse{false, true, true, false}), std::invalid_argument);
  CHECK_THROWS_AS(required_thread_level(MpiUse{false, false, true, true}), std::invalid_argument);
  CHECK_THROWS_AS(required_thread_level(MpiUse{false, false, false, false}), std::invalid_argument);
  CHECK_THROWS_AS(required_thread_level(MpiUse{true, true, true, true}), std::invalid_argument);
  CHECK_THROWS_AS(required_thread_level(MpiUse{true, false, true, true}), std::invalid_argument);
}

TEST_CASE("the farm in which rank 0 renders too is bit-identical, on any rank count and band", "[hybrid][render][farm-all]") {
  const Animation anim(RenderSettings{33, 19, 3, 1, 3});
  std::vector<Image> ref, frames;
  if (root()) ref = render_all_seq(anim);
  for (int threads : {1, 2, 3})
    for (int band : {1, 4, 19, 100}) {
      if (root()) frames.assign(anim.frames(), anim.blank());
      hybrid::render_farm_shared(anim, frames, MPI_COMM_WORLD, band, threads);
      bool ok = true;
      if (root())
        for (int f = 0; f < anim.frames(); ++f) ok = ok && count_differences(frames[f], ref[f]) == 0;
      INFO("threads=" << threads << " band=" << band);
      CHECK(mpi::all_ok(ok));
    }
  std::vector<Image> none;
  CHECK_THROWS_AS(hybrid::render_farm_shared(anim, none, MPI_COMM_WORLD, 0, 2), usage_error);
}
