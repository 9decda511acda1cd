// The provided plumbing of the MPI matmul rungs: the shapes and the block distribution
// (the local kernel: local_gemm.cpp; the process grid is exercise 3a, process_grid.cpp;
// the SUMMA panels are exercise 3b, matmul_summa.cpp). The exercises use these; read them.
#include <algorithm>
#include <cstring>

#include "mpi.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"
#include "time_split.hpp"

namespace parlab::mpi05 {

Shape share_shape(const Matrix& A, const Matrix& B, MPI_Comm comm) {
  long dims[3] = {0, 0, 0};
  int ok = 1;
  if (mpi::rank(comm) == 0) {
    dims[0] = long(A.rows()), dims[1] = long(A.cols()), dims[2] = long(B.cols());
    ok = A.cols() == B.rows();
  }
  MPI_Bcast(&ok, 1, MPI_INT, 0, comm);
  if (!ok) throw usage_error("matmul: A is " + A.shape() + ", B is " + B.shape() + ": inner sizes differ");
  MPI_Bcast(dims, 3, MPI_LONG, 0, comm);
  return {dims[0], dims[1], dims[2]};
}

Grid::~Grid() {  // the constructor is exercise 3a (exercises/process_grid.cpp)
  for (MPI_Comm* c : {&row, &col, &cart})
    if (*c != MPI_COMM_NULL) MPI_Comm_free(c);
}

std::pair<int, int> parse_grid(const std::string& text) {
  const auto x = text.find('x');
  auto bad = [&] { return usage_error("--grid: '" + text + "' is not ROWSxCOLS (e.g. 2x2)"); };
  if (x == std::string::npos || x == 0 || x + 1 >= text.size()) throw bad();
  for (std::size_t i = 0; i < text.size(); ++i)
    if (i != x && (text[i] < '0' || text[i] > '9')) throw bad();
  if (x > 5 || text.size() - x - 1 > 5) throw bad();
  const int r = std::stoi(text.substr(0, x)), c = std::stoi(text.substr(x + 1));
  if (r < 1 || c < 1) throw usage_error("--grid: rows and columns must be at least 1 (got '" + text + "')");
  return {r, c};
}

namespace {
// The block of the rows x cols matrix that grid position (i, j) owns.
struct Block {
  long r0, r1, c0, c1;
};
Block block_of(long rows, long cols, const Grid& g, int i, int j) {
  const auto [r0, r1] = block_range(rows, g.pr, i);
  const auto [c0, c1] = block_range(cols, g.pc, j);
  return {r0, r1, c0, c1};
}
Block block_of_rank(long rows, long cols, const Grid& g, int rank) {
  int c[2];
  MPI_Cart_coords(g.cart, rank, 2, c);
  return block_of(rows, cols, g, c[0], c[1]);
}

// The block b of a matrix with `cols` columns, in place: rows of (c1 - c0) doubles, `cols`
// apart. MPI sends it from (or receives it into) the full matrix without a packed copy.
struct BlockType {
  MPI_Datatype type = MPI_DATATYPE_NULL;
  BlockType(const Block& b, long cols) {
    MPI_Type_vector(int(b.r1 - b.r0), int(b.c1 - b.c0), int(cols), MPI_DOUBLE, &type);
    MPI_Type_commit(&type);
  }
  ~BlockType() { MPI_Type_free(&type); }
  BlockType(const BlockType&) = delete;
  BlockType& operator=(const BlockType&) = delete;
};

void copy_block(const double* src, long src_ld, double* dst, long dst_ld, long rows, long width) {
  for (long i = 0; i < rows; ++i) std::memcpy(dst + i * dst_ld, src + i * src_ld, width * sizeof(double));
}
}  // namespace

// The root starts every send at once and copies its own block while the others receive:
// on one node, the receivers' copies then run beside the root's.
void scatter_blocks(const Matrix& M, long rows, long cols, const Grid& g, Matrix& local) {
  const Block mine = block_of(rows, cols, g, g.myrow, g.mycol);
  local.reuse(mine.r1 - mine.r0, mine.c1 - mine.c0);
  const int me = mpi::rank(g.cart), p = g.pr * g.pc;
  if (me != 0) {
    MPI_Recv(local.data(), int(local.size()), MPI_DOUBLE, 0, 1, g.cart, MPI_STATUS_IGNORE);
    return;
  }
  std::vector<MPI_Request> reqs;
  for (int r = 1; r < p; ++r) {
    const Block b = block_of_rank(rows, cols, g, r);
    const BlockType t(b, cols);  // MPI keeps the type alive until the send completes
    reqs.emplace_back();
    MPI_Isend(M.row(b.r0) + b.c0, 1, t.type, r, 1, g.cart, &reqs.back());
  }
  copy_block(M.row(mine.r0) + mine.c0, cols, local.data(), long(local.cols()), long(local.rows()), long(local.cols()));
  MPI_Waitall(int(reqs.size()), reqs.data(), MPI_STATUSES_IGNORE);
}

void gather_blocks(const Matrix& local, Matrix& M, long rows, long cols, const Grid& g) {
  const int me = mpi::rank(g.cart), p = g.pr * g.pc;
  if (me != 0) {
    MPI_Send(local.data(), int(local.size()), MPI_DOUBLE, 0, 2, g.cart);
    return;
  }
  std::vector<MPI_Request> reqs;
  for (int r = 1; r < p; ++r) {
    const Block b = block_of_rank(rows, cols, g, r);
    const BlockType t(b, cols);
    reqs.emplace_back();
    MPI_Irecv(M.row(b.r0) + b.c0, 1, t.type, r, 2, g.cart, &reqs.back());
  }
  const Block mine = block_of(rows, cols, g, g.myrow, g.mycol);
  copy_block(local.data(), long(local.cols()), M.row(mine.r0) + mine.c0, cols, long(local.rows()), long(local.cols()));
  MPI_Waitall(int(reqs.size()), reqs.data(), MPI_STATUSES_IGNORE);
}

long widest_panel(const std::vector<Panel>& panels) {
  long w = 1;
  for (const Panel& p : panels) w = std::max(w, p.width);
  return w;
}

void copy_cols(const Matrix& src, long c0, Matrix& dst) {
  for (std::size_t i = 0; i < dst.rows(); ++i) std::memcpy(dst.row(i), src.row(i) + c0, dst.cols() * sizeof(double));
}

void copy_rows(const Matrix& src, long r0, Matrix& dst) {
  std::memcpy(dst.data(), src.row(r0), dst.size() * sizeof(double));
}

void matmul_summa(const Matrix& A, const Matrix& B, Matrix& C, const Grid& g, long nb, SummaKernel kernel) {
  const Shape s = share_shape(A, B, g.cart);
  if (g.pr > s.m || g.pc > s.n || g.pc > s.k || g.pr > s.k)
    throw usage_error("matmul: the " + g.shape() + " process grid is larger than the matrices (m=" + std::to_string(s.m) +
                      " k=" + std::to_string(s.k) + " n=" + std::to_string(s.n) +
                      "): every rank needs at least one row and column; use fewer ranks or a bigger --n");
  if (nb < 1) throw usage_error("--nb: the panel width must be at least 1");
  // The local blocks, kept from call to call (a benchmark repeats the same shape): fresh
  // ones cost new pages, zeroed, every call (48 MB a rank at n = 2048 on 2 ranks). Only
  // the main thread calls MPI here. Each is written whole before it is read: the scatter
  // fills A's and B's blocks, the kernel starts by zeroing C's.
  static Matrix Aloc, Bloc, Cloc;
  {
    const PhaseTimer timed(Phase::distribute);  // the distribution's share of the time split
    scatter_blocks(A, s.m, s.k, g, Aloc);
    scatter_blocks(B, s.k, s.n, g, Bloc);
  }
  Cloc.reuse(Aloc.rows(), Bloc.cols());
  kernel(g, Aloc, Bloc, Cloc, s.k, nb);
  const PhaseTimer timed(Phase::distribute);
  gather_blocks(Cloc, C, s.m, s.n, g);
}

}  // namespace parlab::mpi05
