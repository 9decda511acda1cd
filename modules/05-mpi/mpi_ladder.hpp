// The MPI drivers' main loop (provided): run each rung once to validate (every rank's
// verdict reduced), time it (barrier, MPI_Wtime, max over ranks), print the uniform
// banner / "Solution validates" / "Rate" lines and a table on rank 0, write JSON records.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "parlab/mpi.hpp"
#include "parlab/report.hpp"

namespace parlab::mpi05 {

struct LadderRung {
  std::string name;
  std::function<void()> run;  // collective: every rank calls it
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

// Rank 0 prints where the ranks run: "Placement: ranks 0-1 on n1, rank 2 on n2".
void print_placement(MPI_Comm comm = MPI_COMM_WORLD);

}  // namespace parlab::mpi05
