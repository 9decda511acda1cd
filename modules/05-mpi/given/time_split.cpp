#include "time_split.hpp"

#include <algorithm>
#include <iostream>

namespace parlab::mpi05 {

namespace {
thread_local TimeSplit* active = nullptr;  // the recording of this thread, if any
thread_local bool distributing = false;

// Adds the time of one MPI call to `bucket` of the active split (if any, outside distribution).
template <class Fn>
int timed(double TimeSplit::*bucket, Fn call) {
  if (!active || distributing) return call();
  const double t0 = PMPI_Wtime();
  const int rc = call();
  active->*bucket += PMPI_Wtime() - t0;
  return rc;
}
}  // namespace

SplitRecorder::SplitRecorder(TimeSplit& out) : prev_(active), t0_(PMPI_Wtime()) { active = &out; }
SplitRecorder::~SplitRecorder() {
  active->total += PMPI_Wtime() - t0_;
  active = prev_;
}

PhaseTimer::PhaseTimer(Phase phase) : phase_(phase), t0_(active ? PMPI_Wtime() : 0) {
  if (phase_ == Phase::distribute) distributing = active != nullptr;
}
PhaseTimer::~PhaseTimer() {
  if (active) (phase_ == Phase::compute ? active->compute : active->distribute) += PMPI_Wtime() - t0_;
  if (phase_ == Phase::distribute) distributing = false;
}

void SplitLog::record(const std::function<void()>& run) {
  TimeSplit s;
  {
    SplitRecorder rec(s);
    run();
  }
  runs_.push_back(s);
}

void SplitLog::annotate(Record& r, MPI_Comm comm) const {
  std::vector<TimeSplit> timed(runs_.size() > 1 ? runs_.begin() + 1 : runs_.begin(), runs_.end());
  TimeSplit mine;
  if (!timed.empty()) {
    std::sort(timed.begin(), timed.end(), [](const TimeSplit& a, const TimeSplit& b) { return a.total < b.total; });
    mine = timed[timed.size() / 2];
  }
  const double v[5] = {mine.compute, mine.comm, mine.wait, mine.distribute, mine.other()};
  int me = 0, p = 1;
  PMPI_Comm_rank(comm, &me);
  PMPI_Comm_size(comm, &p);
  std::vector<double> all(5 * std::size_t(p));
  PMPI_Gather(v, 5, MPI_DOUBLE, all.data(), 5, MPI_DOUBLE, 0, comm);
  if (me != 0) return;
  static const char* names[5] = {"compute", "comm", "wait", "distribute", "other"};
  std::cout << "Time split [" << r.variant << "] (ms, each rank's median run, max over ranks):";
  for (int c = 0; c < 5; ++c) {
    std::vector<double> per_rank(p);
    for (int q = 0; q < p; ++q) per_rank[q] = all[5 * q + c];
    const double worst = *std::max_element(per_rank.begin(), per_rank.end());
    r.extra.push_back({std::string(names[c]) + "_s", worst});
    r.arrays.push_back({std::string(names[c]) + "_s_per_rank", per_rank});
    std::cout << ' ' << names[c] << ' ' << fmt(worst * 1e3, 2);
  }
  std::cout << '\n';
}

}  // namespace parlab::mpi05

// ---- the PMPI wrappers: MPI's profiling interface -----------------------------------------
using parlab::mpi05::TimeSplit, parlab::mpi05::timed;
extern "C" {
int MPI_Bcast(void* buf, int count, MPI_Datatype type, int root, MPI_Comm comm) {
  return timed(&TimeSplit::comm, [&] { return PMPI_Bcast(buf, count, type, root, comm); });
}
int MPI_Ibcast(void* buf, int count, MPI_Datatype type, int root, MPI_Comm comm, MPI_Request* req) {
  return timed(&TimeSplit::comm, [&] { return PMPI_Ibcast(buf, count, type, root, comm, req); });
}
int MPI_Test(MPI_Request* req, int* flag, MPI_Status* status) {
  return timed(&TimeSplit::comm, [&] { return PMPI_Test(req, flag, status); });
}
int MPI_Testall(int count, MPI_Request reqs[], int* flag, MPI_Status statuses[]) {
  return timed(&TimeSplit::comm, [&] { return PMPI_Testall(count, reqs, flag, statuses); });
}
int MPI_Wait(MPI_Request* req, MPI_Status* status) {
  return timed(&TimeSplit::wait, [&] { return PMPI_Wait(req, status); });
}
int MPI_Waitall(int count, MPI_Request reqs[], MPI_Status statuses[]) {
  return timed(&TimeSplit::wait, [&] { return PMPI_Waitall(count, reqs, statuses); });
}
}  // extern "C"
