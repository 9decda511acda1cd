// The MPI drivers' main loop (provided): run each rung once to validate (every rank's
// verdict reduced), time it (barrier, MPI_Wtime, max over ranks), print the uniform
// banner / "Solution validates" / "Rate" lines and a table on rank 0, write JSON records.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "parlab/cli.hpp"
#include "parlab/driver.hpp"  // add_render_options
#include "parlab/matrix.hpp"
#include "parlab/mpi.hpp"
#include "parlab/render.hpp"
#include "parlab/report.hpp"

namespace parlab::mpi05 {

struct LadderRung {
  std::string name;
  std::function<void()> run;  // collective: every rank calls it
  // Optional, collective, after the timed runs: the rung's own record fields (the ranks and
  // threads it really used, its time split).
  std::function<void(Record&)> annotate = {};
};

struct Ladder {
  Record proto;              // module, kernel, sizes, ranks, threads
  double work = 0;           // GFLOP or Mpixel per run: rate = work / median
  std::string unit;          // "GFLOP/s", "Mpixel/s", "GB/s"
  std::string baseline;      // speedups relative to this rung (empty: none)
  // Called on every rank after a run: this rank's verdict and, on rank 0, the detail text.
  std::function<std::pair<bool, std::string>()> check;
};

// Returns the exit code: 0 ok, 1 a rung failed validation, 3 a rung is not implemented.
int run_ladder(const std::vector<LadderRung>& rungs, const Ladder& l, const mpi::DriverOptions& opt);

// The rungs named in `wanted` (all if empty), in the order of `rungs`.
std::vector<LadderRung> select_rungs(const std::vector<LadderRung>& rungs, const std::vector<std::string>& wanted);

// ---- pieces the MPI drivers share ----
using Check = std::function<std::pair<bool, std::string>()>;
// --variants (from names), --reps, --min-time, --json.
void add_run_options(Cli& cli, std::vector<std::string>& variants, const std::vector<std::string>& names,
                     mpi::DriverOptions& opt);
// Throws usage_error (on every rank) unless each of `ranks` ranks can get >= 1 of `count` `what`.
void require_per_rank(long count, int ranks, const std::string& option, const std::string& what);
bool wants(const std::vector<std::string>& variants, const std::string& name);  // empty = all
// Root: C against the oracle, then zeroed for the next rung. Other ranks: true.
Check matmul_check(const Matrix& A, const Matrix& B, Matrix& C);
// Root: frames bit-identical to reference, then blanked for the next rung. Other ranks: true.
Check render_check(const Animation& anim, const std::vector<Image>& reference, std::vector<Image>& frames);

// Rank 0 prints where the ranks run: "Placement: ranks 0-1 on n1, rank 2 on n2".
void print_placement(MPI_Comm comm = MPI_COMM_WORLD);

}  // namespace parlab::mpi05
