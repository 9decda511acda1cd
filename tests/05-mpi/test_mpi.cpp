// 05-mpi under mpirun with 1..4 ranks. Rank 0 checks the result against the oracle; the
// verdict is reduced over all ranks before CHECK, so all ranks agree and none hangs.
#include "support/catch.hpp"

#include "mpi05.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"
#include "parlab/oracle.hpp"

using namespace parlab;
using namespace parlab::mpi05;

namespace {
MPI_Comm world = MPI_COMM_WORLD;
bool root() { return mpi::rank() == 0; }

// Runs fn(A, B, C) on every rank with A, B on the root only; true if C is right (on all ranks).
template <class Fn>
bool product_ok(long m, long k, long n, Fn fn) {
  Matrix A, B, C;
  if (root()) {
    A = Matrix(m, k), B = Matrix(k, n), C = Matrix(m, n);
    A.fill_random(m * 1000 + k);
    B.fill_random(n * 7 + 1);
  }
  fn(A, B, C);
  bool ok = true;
  if (root()) {
    const CheckResult r = check_product(A, B, C);
    if (!r.ok) UNSCOPED_INFO(m << "x" << k << "x" << n << ": " << r.message());
    ok = r.ok;
  }
  return mpi::all_ok(ok);
}

// The shapes every rank count must handle: 1x1 (when it fits), odd, not divisible, rectangular.
std::vector<Shape> shapes() {
  const long p = mpi::size();
  return {{p, p, p}, {7 * p + 3, 5, 9 + p}, {33, 17, 29}, {64, 64, 64}, {p + 1, 2 * p + 1, 3 * p}};
}
}  // namespace

TEST_CASE("block_range covers [0, n) in near-equal blocks", "[mpi]") {
  for (long n : {1L, 7L, 10L, 64L})
    for (int parts = 1; parts <= 5; ++parts) {
      long next = 0;
      for (int i = 0; i < parts; ++i) {
        const auto [b, e] = mpi::block_range(n, parts, i);
        CHECK(b == next);
        CHECK(e - b >= n / parts);
        CHECK(e - b <= n / parts + 1);
        next = e;
      }
      CHECK(next == n);
    }
}

TEST_CASE("ring exchange: sendrecv and nonblocking deliver the left neighbour's message", "[mpi][exchange]") {
  const int me = mpi::rank(), p = mpi::size(), left = (me + p - 1) % p;
  for (auto fn : {exchange_sendrecv, exchange_nonblocking})
    for (long bytes : {1L, 1000L, 1L << 20}) {  // 1 MiB: far above any eager limit
      std::vector<char> out(bytes), in;
      for (long i = 0; i < bytes; ++i) out[i] = char((i * 13 + me) & 0x7f);
      fn(out, in, world);
      bool ok = in.size() == std::size_t(bytes);
      for (long i = 0; ok && i < bytes; ++i) ok = in[i] == char((i * 13 + left) & 0x7f);
      CHECK(mpi::all_ok(ok));
    }
}

TEST_CASE("row-block matmul: any shape with m >= ranks", "[mpi][matmul]") {
  for (const Shape& s : shapes())
    CHECK(product_ok(s.m, s.k, s.n, [](auto& A, auto& B, auto& C) { matmul_rowblock(A, B, C, world); }));
}

TEST_CASE("row-block matmul: fewer rows than ranks is a clear error on every rank", "[mpi][matmul]") {
  if (mpi::size() == 1) return;
  Matrix A, B, C;
  if (root()) A = Matrix(mpi::size() - 1, 4), B = Matrix(4, 4), C = Matrix(mpi::size() - 1, 4);
  CHECK_THROWS_AS(matmul_rowblock(A, B, C, world), usage_error);
}

TEST_CASE("SUMMA panels tile k and sit inside one owner each", "[mpi][matmul]") {
  for (long k : {1L, 5L, 17L, 100L})
    for (int pr = 1; pr <= std::min<long>(3, k); ++pr)
      for (int pc = 1; pc <= std::min<long>(3, k); ++pc)
        for (long nb : {1L, 4L, 1000L}) {
          long next = 0;
          for (const Panel& p : summa_panels(k, pr, pc, nb)) {
            CHECK(p.k0 == next);
            CHECK(p.width >= 1);
            CHECK(p.width <= nb);
            const auto [a0, a1] = mpi::block_range(k, pc, p.a_owner);
            const auto [b0, b1] = mpi::block_range(k, pr, p.b_owner);
            CHECK((p.k0 >= a0 && p.k0 + p.width <= a1 && p.a_off == p.k0 - a0));
            CHECK((p.k0 >= b0 && p.k0 + p.width <= b1 && p.b_off == p.k0 - b0));
            next = p.k0 + p.width;
          }
          CHECK(next == k);
        }
}

TEST_CASE("SUMMA and overlapped SUMMA on the default grid", "[mpi][matmul][summa]") {
  Grid g(world);
  for (SummaKernel kernel : {summa_multiply, summa_multiply_overlap})
    for (long nb : {1L, 8L, 256L})
      for (const Shape& s : shapes())
        CHECK(product_ok(s.m, s.k, s.n, [&](auto& A, auto& B, auto& C) { matmul_summa(A, B, C, g, nb, kernel); }));
}

TEST_CASE("SUMMA on every grid shape that fits the rank count (1xP, Px1, ...)", "[mpi][matmul][summa]") {
  const int p = mpi::size();
  for (int r = 1; r <= p; ++r) {
    if (p % r) continue;
    Grid g(world, r, p / r);
    CHECK(product_ok(19, 23, 21, [&](auto& A, auto& B, auto& C) { matmul_summa(A, B, C, g, 5, summa_multiply); }));
    CHECK(product_ok(19, 23, 21, [&](auto& A, auto& B, auto& C) { matmul_summa(A, B, C, g, 5, summa_multiply_overlap); }));
  }
}

TEST_CASE("a grid that does not fit the rank count is a clear error, not a hang", "[mpi][matmul][summa]") {
  const int p = mpi::size();
  CHECK_THROWS_AS(Grid(world, p + 1, 1), usage_error);
  CHECK_THROWS_AS(Grid(world, 2, p), usage_error);  // 2p ranks wanted
  CHECK_THROWS_AS(parse_grid("2x"), usage_error);
  CHECK_THROWS_AS(parse_grid("0x2"), usage_error);
  CHECK_THROWS_AS(parse_grid("axb"), usage_error);
  CHECK(parse_grid("3x2") == std::pair<int, int>{3, 2});
  if (p > 1) {  // a grid larger than the matrix
    Grid g(world, p, 1);
    Matrix A, B, C;
    if (root()) A = Matrix(p - 1, 3), B = Matrix(3, 3), C = Matrix(p - 1, 3);
    CHECK_THROWS_AS(matmul_summa(A, B, C, g, 4), usage_error);
  }
}

namespace {
bool frames_ok(const Animation& anim, const std::function<void(std::vector<Image>&)>& render) {
  std::vector<Image> frames, ref;
  if (root()) frames.assign(anim.frames(), anim.blank()), ref = render_all_seq(anim);
  render(frames);
  bool ok = true;
  if (root())
    for (int f = 0; f < anim.frames(); ++f) {
      const auto d = count_differences(frames[f], ref[f]);
      if (d) UNSCOPED_INFO("frame " << f << ": " << d << " pixels differ");
      ok = ok && d == 0;
    }
  return mpi::all_ok(ok);
}
}  // namespace

TEST_CASE("static split renders frames bit-identical to the sequential render", "[mpi][render]") {
  for (RenderSettings s : {RenderSettings{31, 17, 3, 1, 3}, RenderSettings{16, 9, 1, 2, 2}}) {
    const Animation anim(s);
    CHECK(frames_ok(anim, [&](auto& frames) { render_static(anim, frames, world); }));
  }
}

TEST_CASE("master/worker farm renders bit-identical frames for any band", "[mpi][render]") {
  const Animation anim(RenderSettings{31, 17, 3, 1, 3});
  if (mpi::size() < 2) {
    std::vector<Image> frames(anim.frames(), anim.blank());
    CHECK_THROWS_AS(render_farm(anim, frames, world, 4), usage_error);
    return;
  }
  for (int band : {1, 4, 17, 100})  // 100: one item per frame, fewer items than workers
    CHECK(frames_ok(anim, [&](auto& frames) { render_farm(anim, frames, world, band); }));
}

TEST_CASE("ping-pong returns the payload intact", "[mpi][pingpong]") {
  if (mpi::size() < 2) return;
  for (long bytes : {8L, 100000L}) {
    const PingPong pp = pingpong(bytes, 3, world);
    CHECK(pp.ok);
    CHECK(pp.one_way_s > 0);
  }
}
