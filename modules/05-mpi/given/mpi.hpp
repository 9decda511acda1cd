// Module 05 - separate kitchens that only talk by messages (MPI).
// Every function here is collective over `comm`: all ranks call it, in the same order.
// Rank 0 is the root: it holds the full inputs and receives the full result; the other
// ranks pass empty matrices / frame vectors and learn the shapes from the root.
#pragma once
#include <mpi.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "parlab/image.hpp"
#include "parlab/matrix.hpp"
#include "parlab/partition.hpp"
#include "parlab/render.hpp"
#include "local_gemm.hpp"

namespace parlab::mpi05 {

// ---- ping-pong (pingpong.cpp, provided) ---------------------------------------------------
struct PingPong {
  long bytes = 0;
  double one_way_s = 0;  // half the round trip, per message
  bool ok = false;       // the payload came back intact (rank 0's view)
};
// Ranks 0 and 1 bounce a message of `bytes` back and forth `iters` times; other ranks wait.
PingPong pingpong(long bytes, int iters, MPI_Comm comm);

// ---- the deadlock lesson (given/ring_exchange.cpp; the fixes: exercises/exchange.cpp) -------
// Ring exchange: every rank sends `out` to rank+1 and receives `in` (same size) from rank-1.
struct Neighbours {
  int left, right;  // rank-1 and rank+1, wrapping around (on 1 rank both are this rank)
};
Neighbours ring_neighbours(MPI_Comm comm);
// Blocking MPI_Send first on every rank: fine while the message fits the eager limit
// (a few KiB: the library buffers it), a deadlock above it (Send waits for a receive
// that no rank has reached). Provided, as the bug to look at.
void exchange_blocking(const std::vector<char>& out, std::vector<char>& in, MPI_Comm comm);
// Exercise 1a: the same exchange with MPI_Sendrecv (the library orders the two halves).
void exchange_sendrecv(const std::vector<char>& out, std::vector<char>& in, MPI_Comm comm);
// Exercise 1b: the same exchange with MPI_Irecv + MPI_Isend + MPI_Waitall.
void exchange_nonblocking(const std::vector<char>& out, std::vector<char>& in, MPI_Comm comm);

// ---- matmul ------------------------------------------------------------------------------
// The local product each rank computes: C = A * B with a tuned single-threaded kernel, the
// BLAS dgemm or Eigen (provided, local_gemm.hpp; 06-hybrid passes a multithreaded one).
using LocalMatmul = std::function<void(const Matrix& A, const Matrix& B, Matrix& C)>;
void local_matmul(const Matrix& A, const Matrix& B, Matrix& C);
// Rows [r0, r1) of C = A * B (zeroes them first): a thread's share of local_matmul.
void local_matmul_rows(const Matrix& A, const Matrix& B, Matrix& C, std::size_t r0, std::size_t r1);
// Rows [r0, r1) of C += A * B: what SUMMA adds per panel.
void local_matmul_acc(const Matrix& A, const Matrix& B, Matrix& C, std::size_t r0, std::size_t r1);

struct Shape {
  long m = 0, k = 0, n = 0;  // C is m x n, A m x k, B k x n
};
// Root's shapes of A and B, broadcast to every rank (checks A.cols() == B.rows() on the root).
Shape share_shape(const Matrix& A, const Matrix& B, MPI_Comm comm);

// Exercise 2: row-block. Scatterv the rows of A (any m, not just multiples of the rank count),
// Bcast B, multiply locally, Gatherv the rows of C onto the root. Needs m >= ranks.
void matmul_rowblock(const Matrix& A, const Matrix& B, Matrix& C, MPI_Comm comm,
                     const LocalMatmul& local = local_matmul);

// Exercise 3a (process_grid.cpp): a 2-D Cartesian process grid: pr x pc ranks, with one communicator
// per grid row (ranks in it: the columns 0..pc-1) and per grid column.
class Grid {
 public:
  // pr = pc = 0: MPI_Dims_create chooses. Throws usage_error if pr * pc != ranks.
  Grid(MPI_Comm comm, int pr = 0, int pc = 0);
  ~Grid();
  Grid(const Grid&) = delete;
  Grid& operator=(const Grid&) = delete;
  MPI_Comm cart = MPI_COMM_NULL, row = MPI_COMM_NULL, col = MPI_COMM_NULL;
  int pr = 1, pc = 1;        // grid shape
  int myrow = 0, mycol = 0;  // my coordinates; rank in `row` is mycol, in `col` it is myrow
  std::string shape() const { return std::to_string(pr) + "x" + std::to_string(pc); }
};
// "2x3" -> {2, 3}; throws usage_error naming --grid otherwise.
std::pair<int, int> parse_grid(const std::string& text);

// Block distribution on the grid: rank (i, j) owns rows block i (of pr) and columns
// block j (of pc) of a rows x cols matrix. Root scatters / gathers the blocks. The block
// lands in `local`, reshaped to fit (Matrix::reuse: its storage kept when large enough).
void scatter_blocks(const Matrix& M, long rows, long cols, const Grid& g, Matrix& local);
void gather_blocks(const Matrix& local, Matrix& M, long rows, long cols, const Grid& g);

// The k-panels of SUMMA (exercise 3b, matmul_summa.cpp): from 0 to k in order, each at
// most nb wide and inside one column block of A (pc of them) and one row block of B (pr),
// so each panel lives in one grid column of A and one grid row of B.
struct Panel {
  long k0 = 0, width = 0;     // global columns of A / rows of B
  int a_owner = 0;            // grid column that holds this panel of A
  long a_off = 0;             // ...at this local column
  int b_owner = 0;            // grid row that holds this panel of B
  long b_off = 0;             // ...at this local row
};
std::vector<Panel> summa_panels(long k, int pr, int pc, long nb);
// The width of the widest panel (at least 1): allocate the panel buffers once at this
// width and reshape them for each panel (Matrix::reshape), instead of a fresh, zeroed
// Matrix per panel (a few MB of new pages each time).
long widest_panel(const std::vector<Panel>& panels);
// Copy columns [c0, c0 + dst.cols()) of src into dst; rows [r0, r0 + dst.rows()) likewise.
void copy_cols(const Matrix& src, long c0, Matrix& dst);
void copy_rows(const Matrix& src, long r0, Matrix& dst);

// Exercise 3b: SUMMA on the local blocks. For each panel, its owner column broadcasts its
// piece of A along each grid row, its owner row its piece of B along each grid column, and
// every rank adds Apanel * Bpanel to its block of C.
void summa_multiply(const Grid& g, const Matrix& Aloc, const Matrix& Bloc, Matrix& Cloc, long k, long nb);
// Exercise 4: the same with the broadcasts of panel s+1 in flight (MPI_Ibcast) while
// panel s is multiplied: communication hidden behind computation.
void summa_multiply_overlap(const Grid& g, const Matrix& Aloc, const Matrix& Bloc, Matrix& Cloc, long k, long nb);

// Scatter the blocks, multiply with `kernel` (summa_multiply or _overlap), gather C on the root.
// Throws usage_error if the grid has more rows than m or more columns than n or k.
using SummaKernel = void (*)(const Grid&, const Matrix&, const Matrix&, Matrix&, long, long);
void matmul_summa(const Matrix& A, const Matrix& B, Matrix& C, const Grid& g, long nb,
                  SummaKernel kernel = summa_multiply);

// ---- rendering (given/render_static.cpp; the farm: exercises/render_farm.cpp) --------------
// Renders rows [y0, y1) of `frame` into img (render_rows; 06-hybrid passes a threaded one).
using BandRenderer = std::function<void(const Animation&, int frame, Image& img, int y0, int y1)>;
void render_band(const Animation& anim, int frame, Image& img, int y0, int y1);

// The bytes of rows [y0, y1) of an image (3 bytes per pixel, rows contiguous): what travels.
unsigned char* row_bytes(Image& img, int y0);
inline std::size_t band_bytes(const Image& img, int y0, int y1) {
  return std::size_t(y1 - y0) * img.width() * 3;
}

// Static split (provided): rank r renders rows block r of every frame; the root collects
// them with MPI_Gather, each block in a slot as large as the largest.
// On the root `frames` must hold anim.frames() blank images; elsewhere it is ignored.
void render_static(const Animation& anim, std::vector<Image>& frames, MPI_Comm comm,
                   const BandRenderer& render = render_band);
// Exercise 5: the farm. Work items are bands of `band` rows (item i: frame i / bands,
// rows from (i % bands) * band). Rank 0 is the master: it gives each worker one item,
// and each time a worker returns its pixels, the next item (or -1: stop). Needs >= 2 ranks.
void render_farm(const Animation& anim, std::vector<Image>& frames, MPI_Comm comm, int band,
                 const BandRenderer& render = render_band);

}  // namespace parlab::mpi05
