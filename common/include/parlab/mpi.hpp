// MPI helpers shared by the MPI modules (05-mpi, 06-hybrid) and their tests: a session
// that owns MPI_Init_thread/MPI_Finalize, agreement on verdicts (one failing rank must not
// hang the others), the ladder's MPI team (barrier + MPI_Wtime + max over ranks, rank 0
// reports), and a polite wait that does not burn the core. Library parlab::mpi: only MPI
// targets link it, so parlab::common and every non-MPI build never need MPI.
#pragma once
#include <mpi.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "parlab/ladder.hpp"
#include "parlab/report.hpp"
#include "parlab/timing.hpp"

namespace parlab::mpi {

// MPI_Init_thread on construction, MPI_Finalize on destruction. Throws if the library
// cannot give the thread level asked for (a hybrid code needs at least FUNNELED).
class Session {
 public:
  Session(int& argc, char**& argv, int required = MPI_THREAD_SINGLE);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  int provided() const { return provided_; }
  bool root() const { return rank_ == 0; }
  // A copy of MPI_COMM_WORLD for the framework's own agreements (options, usage errors),
  // so they can never match a collective of the program's.
  MPI_Comm control() const { return control_; }

 private:
  int rank_ = 0, size_ = 1, provided_ = 0;
  MPI_Comm control_ = MPI_COMM_NULL;
};

int rank(MPI_Comm comm = MPI_COMM_WORLD);
int size(MPI_Comm comm = MPI_COMM_WORLD);
const char* thread_level_name(int level);

// Logical AND of every rank's verdict: all ranks get the same answer, so all take the same
// branch afterwards (an assertion that fails on one rank only would leave the rest waiting).
bool all_ok(bool mine, MPI_Comm comm = MPI_COMM_WORLD);
double max_over_ranks(double v, MPI_Comm comm = MPI_COMM_WORLD);

// Throws usage_error(message) on EVERY rank if `ok_here` is false on ANY rank.
// Use it for checks that only some ranks can make (a file only rank 0 writes).
void require_all(bool ok_here, const std::string& message, MPI_Comm comm = MPI_COMM_WORLD);

// Times fn: barrier, MPI_Wtime, fn, and the max over ranks (the slowest rank is the
// time of a parallel step). Every rank takes the same decisions, so every rank runs
// fn the same number of times.
Stats measure(const std::function<void()>& fn, const TimingOptions& opt, MPI_Comm comm = MPI_COMM_WORLD);

// MPI_Get_processor_name of this rank, and of every rank gathered on rank 0 ("n1 n1 n2").
std::string processor_name();
std::vector<std::string> processor_names(MPI_Comm comm = MPI_COMM_WORLD);
// "ranks 0-1 on n1, rank 2 on n2": which host each rank sits on, for the banner.
std::string placement(const std::vector<std::string>& names);

// Waits for a request with MPI_Test and short sleeps instead of MPI_Wait's busy loop, so a
// rank that mostly waits (the master of a farm) leaves the core to the workers.
// timeout_s < 0: no deadline. Returns false if the deadline passed first.
bool wait_polite(MPI_Request& req, MPI_Status* status = MPI_STATUS_IGNORE, double timeout_s = -1);

// The shared entry point of every MPI driver and test main: starts MPI at `level`, runs
// body, finishes MPI, and maps errors to the exit codes of parlab::run_main
// (parlab/main.hpp: 2 bad usage, 3 not implemented, 5 a result not saved, 1 other).
// Every Cli::parse in body is followed by agree_on_options, so ranks given different
// options (mpirun -np 1 prog --n 64 : -np 1 prog --n 1) all stop with exit 2 at once.
// A usage_error should be thrown on every rank (check arguments before communicating, or use
// require_all); rank 0 prints it and all ranks exit cleanly. One thrown on some ranks only
// ends the run after kUsageErrorGrace_s: those ranks print it and call MPI_Abort (exit 2).
// Any other exception may come from one rank only: that rank prints it and calls MPI_Abort,
// so the others cannot hang.
int run_main(int& argc, char**& argv, int level, const std::function<int(Session&)>& body);

// The parse check of every MPI program (set_parse_check in parlab/cli.hpp), one collective:
// throws usage_error on every rank of `comm` if any rank's parse failed (rank 0's message,
// or "rank r: message") or any rank parsed other values than rank 0 (naming the option).
void agree_on_options(const std::string& parsed, const std::string& error, MPI_Comm comm);

// How long ranks that all throw the same usage_error may take to meet: they throw it after
// the same step, so far less than this even on an oversubscribed machine.
inline constexpr double kUsageErrorGrace_s = 3.0;
// Ends a usage error: if every rank of `control` (Session::control) meets here within the
// grace, rank 0 prints it and all return kExitUsage; otherwise this rank prints it and
// aborts the run with kExitUsage.
int end_usage_error(const std::string& what, MPI_Comm control);

// The ladder's team on `comm` (parlab/ladder.hpp): rank 0 is the root that prints and
// writes, verdicts are ANDed over the ranks, runs are timed with mpi::measure, rank 0's
// draws are broadcast, CPU times summed.
Team team(MPI_Comm comm = MPI_COMM_WORLD);

// Throws usage_error (on every rank) unless each of `ranks` ranks can get >= 1 of `count` `what`.
void require_per_rank(long count, int ranks, const std::string& option, const std::string& what);

// Rank 0 prints where the ranks run: "Placement: ranks 0-1 on n1, rank 2 on n2" (collective).
void print_placement(MPI_Comm comm = MPI_COMM_WORLD);

}  // namespace parlab::mpi
