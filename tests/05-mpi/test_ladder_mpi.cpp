// The MPI ladder validates each rung's own work on every rank: a rung that skips work fails
// in every position of the ladder (first, after a correct rung, after a correct thread
// count), because the framework poisons the result buffers of every rank before every
// checked run, and checks every timed run with a fresh draw that every rank shares. The broken
// rungs are registered here, by the test.
#include "support/catch.hpp"
#include <limits>

#include "parlab/driver.hpp"
#include "parlab/matmul.hpp"
#include "parlab/mpi.hpp"
#include "parlab/partition.hpp"

using namespace parlab;

namespace {

// Every rank computes its block of rows of C into its own full-size buffer `mine`, and rank 0
// gathers them into C. `skip_last`: the last rank leaves its buffer as it is (the bug: its
// rows in C are whatever that buffer held - a correct earlier run's, unless poisoned).
void rows_then_gather(const Matrix& A, const Matrix& B, Matrix& mine, Matrix& C, bool skip_last) {
  const int me = mpi::rank(), p = mpi::size();
  const long n = long(A.rows());
  const Range r = block_range(n, p, me);
  if (!(skip_last && me == p - 1)) matmul_rows(A, B, mine, r.begin, r.end);
  std::vector<int> counts(p), displs(p);
  for (int q = 0; q < p; ++q) {
    const Range b = block_range(n, p, q);
    counts[q] = int(b.size() * n), displs[q] = int(b.begin * n);
  }
  MPI_Gatherv(mine.row(r.begin), counts[me], MPI_DOUBLE, me == 0 ? C.data() : nullptr, counts.data(), displs.data(),
              MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

}  // namespace

TEST_CASE("the MPI ladder catches a rung that skips work in every position", "[mpi][ladder]") {
  const long n = 23;
  Matrix A(n, n), B(n, n), mine(n, n), C;  // A and B on every rank (same seeds), C on rank 0
  A.fill_random(1);
  B.fill_random(2);
  if (mpi::rank() == 0) C = Matrix(n, n);
  const std::vector<Rung> rungs{
      Rung("good", "every rank its rows", [&](int) { rows_then_gather(A, B, mine, C, false); }, true),
      // Right on one thread; with more, the last rank skips its rows.
      Rung("lazy", "the last rank skips its rows when threaded", [&](int t) { rows_then_gather(A, B, mine, C, t > 1); },
           true),
  };
  auto ladder = [&](std::vector<std::string> variants, std::vector<int> threads) {
    RunOptions opt;
    opt.variants = variants, opt.threads = threads, opt.reps = 1, opt.min_time = 0;
    Runner runner(opt, mpi::team());
    Ladder l;
    l.proto.module = "test";
    l.proto.kernel = "matmul";
    l.work = matmul_gflop(n, n, n);
    l.unit = "GFLOP/s";
    expect_product(l, A, B, C, mpi::rank() == 0);
    const auto poison_root = l.poison;  // and every rank's own result buffer
    l.poison = [&, poison_root] {
      if (poison_root) poison_root();
      std::fill(mine.data(), mine.data() + mine.size(), std::numeric_limits<double>::quiet_NaN());
    };
    return runner.finish(runner.run(l, rungs));
  };
  // The control: the correct runs pass, so each failure below is the broken rung's.
  CHECK(ladder({"good"}, {1, 3}) == 0);
  CHECK(ladder({"lazy"}, {1}) == 0);
  CHECK(ladder({"lazy"}, {3}) == 1);             // first
  CHECK(ladder({"good", "lazy"}, {3}) == 1);     // after a correct rung
  CHECK(ladder({"lazy"}, {1, 3}) == 1);          // after a correct thread count
  CHECK(ladder({"good", "lazy"}, {1, 3}) == 1);  // after both
}

namespace {
// Rank r renders its block of rows of every frame with its own copy of the animation, and
// rank 0 gathers them: right only if every rank's copy was reseeded alike before the run.
void render_split(const Animation& a, std::vector<Image>& frames, bool reuse_first) {
  static std::vector<Image> first;  // reuse_first: rank 0 renders once, then hands in those frames
  const int me = mpi::rank(), p = mpi::size();
  const Range r = block_range(a.height(), p, me);
  std::vector<int> counts(p), displs(p);
  for (int q = 0; q < p; ++q) {
    const Range b = block_range(a.height(), p, q);
    counts[q] = int(b.size() * a.width() * 3), displs[q] = int(b.begin * a.width() * 3);
  }
  for (int f = 0; f < a.frames(); ++f) {
    Image mine = a.blank();
    render_rows(a, f, mine, int(r.begin), int(r.end));
    MPI_Gatherv(&mine.at(0, int(r.begin)), counts[me], MPI_BYTE, me == 0 ? &frames[f].at(0, 0) : nullptr,
                counts.data(), displs.data(), MPI_BYTE, 0, MPI_COMM_WORLD);
  }
  if (me == 0 && reuse_first && first.empty()) first = frames;
  if (me == 0 && reuse_first) frames = first;
}
}  // namespace

TEST_CASE("every timed run of an MPI render gets the same fresh draw on every rank, and is checked", "[mpi][ladder]") {
  Animation anim({20, 11, 2, 1, 2});
  const std::vector<Image> reference = mpi::rank() == 0 ? render_all_seq(anim) : std::vector<Image>{};
  std::vector<Image> frames = reference;
  const std::vector<Rung> rungs{
      Rung("split", "rows across the ranks", [&](int) { render_split(anim, frames, false); }),
      Rung("reuse", "renders once, then hands in the first frames", [&](int) { render_split(anim, frames, true); }),
  };
  auto ladder = [&](const char* variant, bool interleave) {
    RunOptions opt;
    opt.variants = {variant}, opt.reps = 3, opt.min_time = 0, opt.interleave = interleave;
    Runner runner(opt, mpi::team());
    Ladder l = render_ladder("test", anim.settings(), anim, reference, frames, mpi::rank() == 0);
    return runner.finish(runner.run(l, rungs));
  };
  CHECK(ladder("split", false) == 0);  // each rank's share drawn alike: the gathered frames are right
  CHECK(ladder("split", true) == 0);
  CHECK(ladder("reuse", true) == 1);   // every rank agrees it failed
}
