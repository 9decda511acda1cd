// Exercise 4 - overlap communication with computation.
//
// In summa_multiply every rank waits for panel s to arrive, then computes, then waits for
// panel s+1: the network and the cores take turns. Start the broadcasts of panel s+1
// (MPI_Ibcast) before multiplying panel s, and wait for them only when they are needed:
// two buffers in turn (double buffering). A cook who puts the next pot on before plating.
//
// Open MPI moves a non-blocking collective forward only inside MPI calls (no progress
// thread by default): so the multiply is cut into a few row chunks with an MPI_Testall
// between them, which lets the broadcast advance while we compute. Few and large: every
// chunk is one kernel call, and each call packs all of B's panel again.
#include <algorithm>
#include <array>

#include "mpi.hpp"
#include "parlab/error.hpp"

namespace parlab::mpi05 {

namespace {
// Compute steps per panel, each followed by a progress call (MPI_Testall): one per round
// of a binomial broadcast tree over `ranks`, plus one in which the sender learns that its
// part is done. On one node a round needs only one call: the receiver copies a large
// message in one go once it sees the sender's request (single-copy, CMA).
std::size_t progress_steps(int ranks) {
  std::size_t rounds = 0;
  while ((1 << rounds) < ranks) ++rounds;
  return rounds + 1;
}
// ...but no step under this many rows of C: a step's kernel call packs B's panel (width x
// n) again: one element copied per 2 x rows flops, a few per cent of the step at 256 rows.
constexpr std::size_t min_step_rows = 256;

// One panel's two pieces and the two broadcasts bringing them.
struct InFlight {
  Matrix Ap, Bp;
  std::array<MPI_Request, 2> reqs{MPI_REQUEST_NULL, MPI_REQUEST_NULL};
};
}  // namespace

void summa_multiply_overlap(const Grid& g, const Matrix& Aloc, const Matrix& Bloc, Matrix& Cloc, long k, long nb) {
  Cloc.zero();
  const std::vector<Panel> panels = summa_panels(k, g.pr, g.pc, nb);
  // Rows of C per compute step between progress calls: a few steps per panel, big ones.
  const std::size_t steps = progress_steps(std::max(g.pr, g.pc));
  const std::size_t chunk = std::max<std::size_t>(min_step_rows, (Cloc.rows() + steps - 1) / steps);
  // BEGIN SOLUTION
  // Two pairs of buffers, allocated once at the widest panel's size and reshaped per panel.
  std::array<InFlight, 2> buf;
  const long widest = widest_panel(panels);
  for (InFlight& f : buf) f.Ap = Matrix(Aloc.rows(), widest), f.Bp = Matrix(widest, Bloc.cols());
  auto post = [&](std::size_t s) {  // start the broadcasts of panel s into buf[s % 2]
    const Panel& p = panels[s];
    InFlight& f = buf[s % 2];
    f.Ap.reshape(Aloc.rows(), p.width);
    f.Bp.reshape(p.width, Bloc.cols());
    if (g.mycol == p.a_owner) copy_cols(Aloc, p.a_off, f.Ap);
    if (g.myrow == p.b_owner) copy_rows(Bloc, p.b_off, f.Bp);
    MPI_Ibcast(f.Ap.data(), int(f.Ap.size()), MPI_DOUBLE, p.a_owner, g.row, &f.reqs[0]);
    MPI_Ibcast(f.Bp.data(), int(f.Bp.size()), MPI_DOUBLE, p.b_owner, g.col, &f.reqs[1]);
  };
  post(0);
  for (std::size_t s = 0; s < panels.size(); ++s) {
    InFlight& cur = buf[s % 2];
    MPI_Waitall(2, cur.reqs.data(), MPI_STATUSES_IGNORE);
    InFlight* next = nullptr;
    if (s + 1 < panels.size()) post(s + 1), next = &buf[(s + 1) % 2];
    for (std::size_t i0 = 0; i0 < Cloc.rows(); i0 += chunk) {
      local_matmul_acc(cur.Ap, cur.Bp, Cloc, i0, i0 + chunk);
      if (next) {
        int done = 0;
        MPI_Testall(2, next->reqs.data(), &done, MPI_STATUSES_IGNORE);  // drive the next broadcast
      }
    }
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): the SUMMA of exercise 3b, but the broadcasts of panel s+1 travel
  // // while panel s is being multiplied, so that communication hides behind
  // // computation (two InFlight buffers take turns).
  // // Constraint: a buffer is not touched before its requests complete; every rank posts
  // // the same collectives in the same order; MPI progresses a non-blocking collective
  // // only when you call into MPI, so give it the chance while you compute.
  // // Look up: MPI_Ibcast, MPI_Waitall, MPI_Testall, widest_panel and Matrix::reshape.
  // // Think: what fraction of the time can overlap save at most? Measure the
  // // overlap/summa ratio on 4 ranks (REPORT.md) and explain it.
  // (void)panels, (void)Aloc, (void)Bloc, (void)chunk;
  // throw not_implemented("summa_multiply_overlap (modules/05-mpi/exercises/matmul_overlap.cpp)");
  // END STUDENT
}

}  // namespace parlab::mpi05
