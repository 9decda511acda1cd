// The pdgemm reference rung. ScaLAPACK is Fortran-minded: matrices are column-major. Our
// row-major M is, read column-major, M^T; so C = A * B is computed as C^T = B^T * A^T, and
// the BLACS grid is the transpose of ours (pc x pr, "Col" order): then rank (i, j) holds,
// in row-major, the rows of A and C that are block-cyclically its row i's and the columns
// its column j's - the block-cyclic twin of SUMMA's block distribution.
#include "pdgemm.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "parlab/error.hpp"
#include "parlab/mpi.hpp"
#include "time_split.hpp"

#ifdef PARLAB_HAVE_SCALAPACK
extern "C" {
int Csys2blacs_handle(MPI_Comm comm);
void Cfree_blacs_system_handle(int handle);
void Cblacs_gridinit(int* context, const char* order, int nprow, int npcol);
void Cblacs_gridinfo(int context, int* nprow, int* npcol, int* myrow, int* mycol);
void Cblacs_gridexit(int context);
void descinit_(int* desc, const int* m, const int* n, const int* mb, const int* nb, const int* irsrc,
               const int* icsrc, const int* context, const int* lld, int* info);
void pdgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k, const double* alpha,
             const double* a, const int* ia, const int* ja, const int* desca, const double* b, const int* ib,
             const int* jb, const int* descb, const double* beta, double* c, const int* ic, const int* jc,
             const int* descc);
}
#endif

namespace parlab::mpi05 {

#ifdef PARLAB_HAVE_SCALAPACK
namespace {
// The indices of [0, n) that position `me` of `parts` owns in blocks of nb dealt round-robin,
// as runs {first, length}, in local order.
std::vector<std::pair<long, long>> cyclic_runs(long n, long nb, int me, int parts) {
  std::vector<std::pair<long, long>> runs;
  for (long b0 = long(me) * nb; b0 < n; b0 += long(parts) * nb) runs.push_back({b0, std::min(nb, n - b0)});
  return runs;
}
long run_total(const std::vector<std::pair<long, long>>& runs) {
  long t = 0;
  for (const auto& r : runs) t += r.second;
  return t;
}

// The block-cyclic piece of the rows x cols matrix M that grid position (i, j) owns, and
// its local copy: row-major, rows.size() x cols.size() entries. May be empty (a block size
// larger than the matrix leaves some ranks nothing), hence a vector and not a Matrix.
struct Piece {
  std::vector<std::pair<long, long>> rows, cols;
  long nrows = 0, ncols = 0;
  std::vector<double> local;
  Piece(long m, long n, long nb, const Grid& g, int i, int j)
      : rows(cyclic_runs(m, nb, i, g.pr)), cols(cyclic_runs(n, nb, j, g.pc)),
        nrows(run_total(rows)), ncols(run_total(cols)), local(std::size_t(nrows * ncols)) {}
  int count() const { return int(local.size()); }
  int lld() const { return std::max(1, int(ncols)); }  // ScaLAPACK's leading dimension: >= 1
  // copy(global row, global col, local offset, length) for every contiguous segment.
  template <class Copy>
  void each_segment(Copy copy) const {
    long li = 0;
    for (const auto& [r0, rn] : rows)
      for (long i = r0; i < r0 + rn; ++i, ++li) {
        long lj = 0;
        for (const auto& [c0, cn] : cols) copy(i, c0, li * ncols + lj, cn), lj += cn;
      }
  }
};

Piece piece_of(long rows, long cols, long nb, const Grid& g, int rank) {
  int c[2];
  MPI_Cart_coords(g.cart, rank, 2, c);
  return Piece(rows, cols, nb, g, c[0], c[1]);
}

Piece scatter_cyclic(const Matrix& M, long rows, long cols, long nb, const Grid& g) {
  Piece mine(rows, cols, nb, g, g.myrow, g.mycol);
  const int me = mpi::rank(g.cart), p = g.pr * g.pc;
  if (me != 0) {
    MPI_Recv(mine.local.data(), mine.count(), MPI_DOUBLE, 0, 3, g.cart, MPI_STATUS_IGNORE);
    return mine;
  }
  auto fill = [&](Piece& piece) {
    piece.each_segment([&](long gi, long gj, long at, long len) {
      std::memcpy(piece.local.data() + at, M.row(gi) + gj, len * sizeof(double));
    });
  };
  for (int r = 1; r < p; ++r) {
    Piece theirs = piece_of(rows, cols, nb, g, r);
    fill(theirs);
    MPI_Send(theirs.local.data(), theirs.count(), MPI_DOUBLE, r, 3, g.cart);
  }
  fill(mine);
  return mine;
}

void gather_cyclic(const Piece& mine, Matrix& M, long rows, long cols, long nb, const Grid& g) {
  const int me = mpi::rank(g.cart), p = g.pr * g.pc;
  if (me != 0) {
    MPI_Send(mine.local.data(), mine.count(), MPI_DOUBLE, 0, 4, g.cart);
    return;
  }
  for (int r = 0; r < p; ++r) {
    Piece theirs = piece_of(rows, cols, nb, g, r);
    if (r != 0) MPI_Recv(theirs.local.data(), theirs.count(), MPI_DOUBLE, r, 4, g.cart, MPI_STATUS_IGNORE);
    const Piece& src = r == 0 ? mine : theirs;
    src.each_segment([&](long gi, long gj, long at, long len) {
      std::memcpy(M.row(gi) + gj, src.local.data() + at, len * sizeof(double));
    });
  }
}
}  // namespace

bool have_scalapack() { return true; }

BlacsGrid::BlacsGrid(const Grid& g) : grid(g) {
  system_handle_ = Csys2blacs_handle(g.cart);
  context = system_handle_;
  Cblacs_gridinit(&context, "Col", g.pc, g.pr);  // BLACS (row j, column i) = rank i * pc + j = our (i, j)
  int nprow, npcol, myrow, mycol;
  Cblacs_gridinfo(context, &nprow, &npcol, &myrow, &mycol);
  if (nprow != g.pc || npcol != g.pr || myrow != g.mycol || mycol != g.myrow)
    throw std::logic_error("BLACS grid does not match the Cartesian grid");
}

BlacsGrid::~BlacsGrid() {
  Cblacs_gridexit(context);
  Cfree_blacs_system_handle(system_handle_);
}

void matmul_pdgemm(const Matrix& A, const Matrix& B, Matrix& C, const BlacsGrid& bg, long nb) {
  const Grid& g = bg.grid;
  const Shape s = share_shape(A, B, g.cart);
  if (nb < 1) throw usage_error("--nb: the block size must be at least 1");
  std::optional<Piece> a, b;
  {
    const PhaseTimer timed(Phase::distribute);
    a = scatter_cyclic(A, s.m, s.k, nb, g);
    b = scatter_cyclic(B, s.k, s.n, nb, g);
  }
  Piece c(s.m, s.n, nb, g, g.myrow, g.mycol);
  // Descriptors of the transposes, column-major; their leading dimension is our row length.
  const int m = int(s.m), k = int(s.k), n = int(s.n), bs = int(nb), zero = 0, one = 1;
  const int la = a->lld(), lb = b->lld(), lc = c.lld();
  int dA[9], dB[9], dC[9], info[3];
  descinit_(dA, &k, &m, &bs, &bs, &zero, &zero, &bg.context, &la, &info[0]);  // A^T: k x m
  descinit_(dB, &n, &k, &bs, &bs, &zero, &zero, &bg.context, &lb, &info[1]);  // B^T: n x k
  descinit_(dC, &n, &m, &bs, &bs, &zero, &zero, &bg.context, &lc, &info[2]);  // C^T: n x m
  for (int i : info)
    if (i != 0) throw std::runtime_error("descinit_ failed (info " + std::to_string(i) + ")");
  const double alpha = 1.0, beta = 0.0;
  double dummy = 0;  // a valid address for a rank whose piece is empty
  auto ptr = [&](std::vector<double>& v) { return v.empty() ? &dummy : v.data(); };
  pdgemm_("N", "N", &n, &m, &k, &alpha, ptr(b->local), &one, &one, dB, ptr(a->local), &one, &one, dA, &beta,
          ptr(c.local), &one, &one, dC);
  const PhaseTimer timed(Phase::distribute);
  gather_cyclic(c, C, s.m, s.n, nb, g);
}
#else
bool have_scalapack() { return false; }
BlacsGrid::BlacsGrid(const Grid& g) : grid(g) {
  throw usage_error("pdgemm: parlab was built without ScaLAPACK (apt install libscalapack-openmpi-dev, then rebuild)");
}
BlacsGrid::~BlacsGrid() = default;
void matmul_pdgemm(const Matrix&, const Matrix&, Matrix&, const BlacsGrid&, long) {
  throw usage_error("pdgemm: parlab was built without ScaLAPACK (apt install libscalapack-openmpi-dev, then rebuild)");
}
#endif

}  // namespace parlab::mpi05
