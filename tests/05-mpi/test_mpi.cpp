// 05-mpi under mpirun with 1..6 ranks. Rank 0 checks the result against the oracle; the
// verdict is reduced over all ranks before CHECK, so all ranks agree and none hangs.
#include <algorithm>

#include "support/catch.hpp"

#include "mpi.hpp"
#include "parlab/error.hpp"
#include "pdgemm.hpp"
#include "time_split.hpp"
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
        const auto [b, e] = block_range(n, parts, i);
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

// Exercise 3b's panels, at sizes that no grid here divides (k = 10 on 2 x 3 cuts A's
// columns 4, 3, 3 and B's rows 5, 5) and grids with more columns than rows and the
// reverse: in order, no gap, no empty panel, each in one owner's block at the right
// offset, and as wide as nb and the two blocks allow (no needless extra broadcasts).
TEST_CASE("SUMMA panels tile k and sit inside one owner each", "[mpi][matmul]") {
  for (long k : {1L, 5L, 10L, 17L, 100L})
    for (int pr = 1; pr <= std::min<long>(4, k); ++pr)
      for (int pc = 1; pc <= std::min<long>(4, k); ++pc)
        for (long nb : {1L, 3L, 4L, 1000L}) {
          INFO("k=" << k << " grid " << pr << "x" << pc << " nb=" << nb);
          long next = 0;
          for (const Panel& p : summa_panels(k, pr, pc, nb)) {
            INFO("the panel at k0=" << p.k0 << ", width " << p.width);
            REQUIRE(p.k0 == next);
            REQUIRE(p.width >= 1);
            REQUIRE((p.a_owner >= 0 && p.a_owner < pc && p.b_owner >= 0 && p.b_owner < pr));
            const auto [a0, a1] = block_range(k, pc, p.a_owner);
            const auto [b0, b1] = block_range(k, pr, p.b_owner);
            CHECK((p.k0 >= a0 && p.k0 + p.width <= a1 && p.a_off == p.k0 - a0));
            CHECK((p.k0 >= b0 && p.k0 + p.width <= b1 && p.b_off == p.k0 - b0));
            CHECK(p.width == std::min({nb, a1 - p.k0, b1 - p.k0}));
            next = p.k0 + p.width;
          }
          CHECK(next == k);
        }
  // k = 10 on 2 x 3, nb = 4: cut at A's 4 and 7, B's 5, and after 4 columns.
  std::vector<long> starts;
  for (const Panel& p : summa_panels(10, 2, 3, 4)) starts.push_back(p.k0);
  CHECK(starts == std::vector<long>{0, 4, 5, 7});
  CHECK(widest_panel(summa_panels(10, 2, 3, 4)) == 4);  // widths 4, 1, 2, 3: the buffers' width
  CHECK(widest_panel(summa_panels(10, 2, 3, 3)) == 3);
  CHECK(widest_panel({}) == 1);
}

namespace {
// Every rank checks its own view of the grid; the verdict is reduced so that all agree.
bool grid_ok(const Grid& g, int want_pr, int want_pc) {
  const int p = mpi::size(), me = mpi::rank();
  bool ok = g.pr == want_pr && g.pc == want_pc && g.pr * g.pc == p;
  ok = ok && g.cart != MPI_COMM_NULL && g.row != MPI_COMM_NULL && g.col != MPI_COMM_NULL;
  if (!mpi::all_ok(ok)) return false;  // all ranks agree before using the communicators
  int topo = 0, coords[2] = {-1, -1};
  MPI_Topo_test(g.cart, &topo);
  MPI_Cart_coords(g.cart, mpi::rank(g.cart), 2, coords);
  ok = topo == MPI_CART && mpi::rank(g.cart) == me  // no reordering: the root stays rank 0
       && coords[0] == g.myrow && coords[1] == g.mycol && g.myrow == me / g.pc && g.mycol == me % g.pc;
  ok = ok && mpi::size(g.row) == g.pc && mpi::rank(g.row) == g.mycol;
  ok = ok && mpi::size(g.col) == g.pr && mpi::rank(g.col) == g.myrow;
  // The ranks of my row share my grid row, those of my column my grid column.
  int lo = g.myrow, hi = g.myrow;
  MPI_Allreduce(MPI_IN_PLACE, &lo, 1, MPI_INT, MPI_MIN, g.row);
  MPI_Allreduce(MPI_IN_PLACE, &hi, 1, MPI_INT, MPI_MAX, g.row);
  ok = ok && lo == g.myrow && hi == g.myrow;
  lo = hi = g.mycol;
  MPI_Allreduce(MPI_IN_PLACE, &lo, 1, MPI_INT, MPI_MIN, g.col);
  MPI_Allreduce(MPI_IN_PLACE, &hi, 1, MPI_INT, MPI_MAX, g.col);
  ok = ok && lo == g.mycol && hi == g.mycol;
  if (!ok) UNSCOPED_INFO("rank " << me << ": grid " << g.shape() << " at (" << g.myrow << "," << g.mycol << ")");
  return mpi::all_ok(ok);
}
}  // namespace

TEST_CASE("the process grid: shape, coordinates, row and column communicators", "[mpi][grid]") {
  const int p = mpi::size();
  int dims[2] = {0, 0};
  MPI_Dims_create(p, 2, dims);
  {
    Grid g(world);  // the shape MPI_Dims_create chooses
    CHECK(grid_ok(g, dims[0], dims[1]));
  }
  for (int r = 1; r <= p; ++r)
    if (p % r == 0) {
      Grid g(world, r, p / r);
      CHECK(grid_ok(g, r, p / r));
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

TEST_CASE("every local kernel (blas, eigen) gives the right product in every rung", "[mpi][matmul][summa][kernel]") {
  std::vector<LocalKernel> kernels{LocalKernel::eigen};
  if (have_blas()) kernels.push_back(LocalKernel::blas);
  else WARN("built without a BLAS: only the eigen local kernel is tested");
  Grid g(world);
  for (LocalKernel k : kernels) {
    use_local_kernel(k);
    INFO("kernel " << kernel_name(k));
    for (const Shape& s : {Shape{33, 17, 29}, Shape{7 * mpi::size() + 3, 5, 9}}) {
      CHECK(product_ok(s.m, s.k, s.n, [](auto& A, auto& B, auto& C) { matmul_rowblock(A, B, C, world); }));
      CHECK(product_ok(s.m, s.k, s.n, [&](auto& A, auto& B, auto& C) { matmul_summa(A, B, C, g, 4, summa_multiply); }));
      CHECK(product_ok(s.m, s.k, s.n,
                       [&](auto& A, auto& B, auto& C) { matmul_summa(A, B, C, g, 4, summa_multiply_overlap); }));
    }
    if (root()) {  // C += A * B on a row range leaves the other rows alone
      Matrix A(9, 4), B(4, 5), C(9, 5), want(9, 5);
      A.fill_random(3), B.fill_random(4), C.fill_random(5);
      want = C;
      local_matmul_acc(A, B, C, 2, 6);
      for (std::size_t i = 0; i < 9; ++i)
        for (std::size_t j = 0; j < 5; ++j) {
          double w = want(i, j);
          if (i >= 2 && i < 6)
            for (std::size_t p = 0; p < 4; ++p) w += A(i, p) * B(p, j);
          CHECK(C(i, j) == Approx(w).epsilon(1e-13));
        }
    }
  }
  use_local_kernel(default_local_kernel());
  CHECK(parse_local_kernel("eigen") == LocalKernel::eigen);
  CHECK_THROWS_AS(parse_local_kernel("naive"), usage_error);
  if (!have_blas()) CHECK_THROWS_AS(parse_local_kernel("blas"), usage_error);
}

TEST_CASE("--kernel auto measures once, every rank runs rank 0's pick; blas and eigen are forced", "[mpi][kernel]") {
  const KernelChoice a = choose_local_kernel("auto", MPI_COMM_WORLD);
  CHECK(a.measured);
  CHECK(a.eigen_gflops > 0);
  CHECK((a.blas_gflops > 0) == have_blas());
  CHECK(a.kernel == (a.blas_gflops > a.eigen_gflops ? LocalKernel::blas : LocalKernel::eigen));
  CHECK(local_kernel() == a.kernel);
  // The same choice and the same numbers on every rank: rank 0's, not each rank's own timing.
  double mine[3] = {a.kernel == LocalKernel::blas ? 1.0 : 0.0, a.blas_gflops, a.eigen_gflops}, root_s[3];
  std::copy(mine, mine + 3, root_s);
  MPI_Bcast(root_s, 3, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  CHECK(mpi::all_ok(std::equal(mine, mine + 3, root_s)));
  CHECK(a.summary().find(std::string(kernel_name(a.kernel)) + " (auto: ") == 0);
  CHECK(a.json().find("\"why\": \"auto\"") != std::string::npos);
  CHECK(a.json().find("\"eigen\": ") != std::string::npos);

  std::vector<LocalKernel> forced{LocalKernel::eigen};
  if (have_blas()) forced.push_back(LocalKernel::blas);
  for (LocalKernel k : forced) {
    const KernelChoice f = choose_local_kernel(kernel_name(k), MPI_COMM_WORLD);
    CHECK(f.kernel == k);
    CHECK(local_kernel() == k);
    CHECK_FALSE(f.measured);
    CHECK(f.summary() == std::string(kernel_name(k)) + " (forced by --kernel)");
    CHECK(f.json() == "{\"kernel\": \"" + std::string(kernel_name(k)) + "\", \"why\": \"forced\"}");
  }
  CHECK_THROWS_AS(choose_local_kernel("naive", MPI_COMM_WORLD), usage_error);
  if (!have_blas()) CHECK_THROWS_AS(choose_local_kernel("blas", MPI_COMM_WORLD), usage_error);
  use_local_kernel(default_local_kernel());
}

TEST_CASE("ScaLAPACK pdgemm on every grid shape, block sizes that do not divide", "[mpi][matmul][pdgemm]") {
  if (!have_scalapack()) {
    WARN("built without ScaLAPACK: pdgemm not tested (apt install libscalapack-openmpi-dev)");
    return;
  }
  const int p = mpi::size();
  for (int r = 1; r <= p; ++r) {
    if (p % r) continue;
    Grid g(world, r, p / r);
    BlacsGrid bg(g);
    INFO("grid " << g.shape());
    for (long nb : {1L, 4L, 64L})
      for (const Shape& s : shapes())
        CHECK(product_ok(s.m, s.k, s.n, [&](auto& A, auto& B, auto& C) { matmul_pdgemm(A, B, C, bg, nb); }));
  }
}

TEST_CASE("the time split of SUMMA and overlap accounts for the run", "[mpi][matmul][summa][split]") {
  Grid g(world);
  for (SummaKernel kernel : {summa_multiply, summa_multiply_overlap}) {
    TimeSplit t;
    CHECK(product_ok(96, 80, 72, [&](auto& A, auto& B, auto& C) {
      SplitRecorder rec(t);
      matmul_summa(A, B, C, g, 8, kernel);
    }));
    bool ok = t.compute > 0 && t.comm >= 0 && t.wait >= 0 && t.distribute > 0 && t.total > 0;
    ok = ok && t.compute + t.comm + t.wait + t.distribute <= t.total * (1 + 1e-9);
    if (mpi::size() > 1) ok = ok && t.comm + t.wait > 0;  // the panels travelled
    if (kernel == summa_multiply) ok = ok && t.wait == 0;  // no non-blocking calls in plain SUMMA
    INFO("compute " << t.compute << " comm " << t.comm << " wait " << t.wait << " distribute " << t.distribute
                    << " total " << t.total);
    CHECK(mpi::all_ok(ok));
  }
  TimeSplit t;
  { SplitRecorder rec(t); }
  const TimeSplit before = t;
  int x = 1;
  MPI_Bcast(&x, 1, MPI_INT, 0, world);  // after the recorder ended: counted nowhere
  CHECK((t.comm == before.comm && t.total == before.total));
}

TEST_CASE("SplitLog puts each rank's split of its median run into the record", "[mpi][matmul][split]") {
  Grid g(world);
  SplitLog log;
  for (int run = 0; run < 4; ++run)
    CHECK(product_ok(40, 40, 40, [&](auto& A, auto& B, auto& C) {
      log.record([&] { matmul_summa(A, B, C, g, 8, summa_multiply_overlap); });
    }));
  Record r;
  r.variant = "overlap";
  log.annotate(r, world);
  bool ok = true;
  if (root()) {
    ok = r.extra.size() == 5 && r.arrays.size() == 5 && r.extra[0].first == "compute_s" &&
         r.arrays[0].first == "compute_s_per_rank";
    for (const auto& [name, v] : r.arrays) ok = ok && v.size() == std::size_t(mpi::size());
    for (std::size_t c = 0; ok && c < 5; ++c)  // the max over ranks is one of the ranks' values
      ok = r.extra[c].second == *std::max_element(r.arrays[c].second.begin(), r.arrays[c].second.end());
    ok = ok && r.extra[0].second > 0;
  }
  CHECK(mpi::all_ok(ok));
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
