// Where a rank's time goes in a distributed multiply, measured rather than guessed:
//   compute     inside the local kernel (local_matmul_acc)
//   comm        inside the MPI calls that move the panels or drive them: MPI_Bcast, MPI_Ibcast,
//               MPI_Test, MPI_Testall (a blocking Bcast also waits there for its partners)
//   wait        blocked in MPI_Wait / MPI_Waitall for a non-blocking broadcast to finish
//   distribute  scattering the blocks from the root and gathering C back
//   other       the rest of the run (copies into panel buffers, allocation)
// Overlap works when wait is small although comm's bytes are the same as SUMMA's: the
// transfer happened while the kernel computed.
// The MPI calls are timed through MPI's profiling interface (PMPI): this library defines
// MPI_Bcast, MPI_Ibcast, MPI_Test(all), MPI_Wait(all) for the program, times them and calls
// PMPI_...; the exercises use plain MPI and are measured as written (as mpiP does).
#pragma once
#include <mpi.h>

#include <functional>
#include <string>
#include <vector>

#include "parlab/report.hpp"

namespace parlab::mpi05 {

struct TimeSplit {
  double compute = 0, comm = 0, wait = 0, distribute = 0, total = 0;  // seconds
  double other() const { return total - compute - comm - wait - distribute; }
};

// While one is alive, this thread's MPI calls and local kernels are added to `out`.
class SplitRecorder {
 public:
  explicit SplitRecorder(TimeSplit& out);
  ~SplitRecorder();
  SplitRecorder(const SplitRecorder&) = delete;
  SplitRecorder& operator=(const SplitRecorder&) = delete;

 private:
  TimeSplit* prev_;
  double t0_;
};

// A scoped phase the provided code marks (no effect unless a recorder is alive on this thread):
//   compute     the local kernel
//   distribute  scatter/gather: the MPI calls inside count here, not as comm
enum class Phase { compute, distribute };
class PhaseTimer {
 public:
  explicit PhaseTimer(Phase phase);
  ~PhaseTimer();
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;

 private:
  Phase phase_;
  double t0_;
};

// A rung's splits, one per run; collective annotate() puts them into the rung's record.
class SplitLog {
 public:
  void record(const std::function<void()>& run);  // runs it with a recorder
  // Every rank: its median run (by total; the validation run left out). Rank 0 adds
  // compute_s, comm_s, wait_s, distribute_s, other_s (max over ranks) and the same
  // *_per_rank arrays to r, and prints one line.
  void annotate(Record& r, MPI_Comm comm) const;

 private:
  std::vector<TimeSplit> runs_;
};

}  // namespace parlab::mpi05
