#include "parlab/mpi.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <new>
#include <thread>

#include "parlab/error.hpp"
#include "parlab/main.hpp"

namespace parlab::mpi {

Session::Session(int& argc, char**& argv, int required) {
  MPI_Init_thread(&argc, &argv, required, &provided_);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (provided_ < required) {
    if (rank_ == 0)
      std::cerr << "error: MPI gives thread level " << thread_level_name(provided_) << ", this program needs "
                << thread_level_name(required) << '\n';
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Comm_dup(MPI_COMM_WORLD, &control_);
}

Session::~Session() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized) return;
  MPI_Comm_free(&control_);
  MPI_Finalize();
}

int rank(MPI_Comm comm) {
  int r = 0;
  MPI_Comm_rank(comm, &r);
  return r;
}

int size(MPI_Comm comm) {
  int s = 1;
  MPI_Comm_size(comm, &s);
  return s;
}

const char* thread_level_name(int level) {
  switch (level) {
    case MPI_THREAD_SINGLE: return "MPI_THREAD_SINGLE";
    case MPI_THREAD_FUNNELED: return "MPI_THREAD_FUNNELED";
    case MPI_THREAD_SERIALIZED: return "MPI_THREAD_SERIALIZED";
    case MPI_THREAD_MULTIPLE: return "MPI_THREAD_MULTIPLE";
    default: return "unknown";
  }
}

bool all_ok(bool mine, MPI_Comm comm) {
  int in = mine ? 1 : 0, out = 0;
  MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_LAND, comm);
  return out != 0;
}

double max_over_ranks(double v, MPI_Comm comm) {
  double out = v;
  MPI_Allreduce(&v, &out, 1, MPI_DOUBLE, MPI_MAX, comm);
  return out;
}

void require_all(bool ok_here, const std::string& message, MPI_Comm comm) {
  if (!all_ok(ok_here, comm)) throw usage_error(message);
}

Stats measure(const std::function<void()>& fn, const TimingOptions& opt, MPI_Comm comm) {
  auto once = [&] {
    MPI_Barrier(comm);
    const double t0 = MPI_Wtime();
    fn();
    return max_over_ranks(MPI_Wtime() - t0, comm);
  };
  for (int i = 0; i < opt.warmup; ++i) once();
  std::vector<double> times;
  double total = 0;
  // total is the same on every rank (a sum of reduced values): same loop count everywhere.
  while (static_cast<int>(times.size()) < opt.min_reps ||
         (total < opt.min_seconds && static_cast<int>(times.size()) < opt.max_reps)) {
    times.push_back(once());
    total += times.back();
  }
  return summarize(times);
}

std::string processor_name() {
  char name[MPI_MAX_PROCESSOR_NAME] = {};
  int len = 0;
  MPI_Get_processor_name(name, &len);
  return std::string(name, len);
}

std::vector<std::string> processor_names(MPI_Comm comm) {
  std::string mine = processor_name();
  mine.resize(MPI_MAX_PROCESSOR_NAME, '\0');
  const int p = size(comm);
  std::vector<char> all(rank(comm) == 0 ? std::size_t(p) * MPI_MAX_PROCESSOR_NAME : 0);
  MPI_Gather(mine.data(), MPI_MAX_PROCESSOR_NAME, MPI_CHAR, all.data(), MPI_MAX_PROCESSOR_NAME, MPI_CHAR, 0, comm);
  std::vector<std::string> out;
  for (std::size_t r = 0; rank(comm) == 0 && r < std::size_t(p); ++r)
    out.emplace_back(all.data() + r * MPI_MAX_PROCESSOR_NAME);
  return out;
}

std::string placement(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t r = 0; r < names.size();) {
    std::size_t e = r;
    while (e + 1 < names.size() && names[e + 1] == names[r]) ++e;
    if (!out.empty()) out += ", ";
    out += e == r ? "rank " + std::to_string(r) : "ranks " + std::to_string(r) + "-" + std::to_string(e);
    out += " on " + names[r];
    r = e + 1;
  }
  return out;
}

bool wait_polite(MPI_Request& req, MPI_Status* status, double timeout_s) {
  const double start = MPI_Wtime();
  int done = 0;
  for (int spins = 0;; ++spins) {
    MPI_Test(&req, &done, status);
    if (done) return true;
    if (timeout_s >= 0 && MPI_Wtime() - start > timeout_s) return false;
    // A few fast polls first (a reply is often already on its way), then sleep.
    if (spins > 100) std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

int run_main(int& argc, char**& argv, int level, const std::function<int(Session&)>& body) {
  Session session(argc, argv, level);
  struct CheckGuard {  // the parse check lives as long as the session
    ParseCheck old;
    ~CheckGuard() { set_parse_check(std::move(old)); }
  } guard{set_parse_check([comm = session.control()](const std::string& parsed, const std::string& error) {
    agree_on_options(parsed, error, comm);
  })};
  auto abort_with = [&](const std::string& what, int code) {
    std::cerr << "error (rank " << session.rank() << "): " << what << std::endl;
    MPI_Abort(MPI_COMM_WORLD, code);
    return code;
  };
  // Only rank 0 talks on stdout (banner, --help, tables); the others' stdout is muted so a
  // P-rank run does not print everything P times. Errors still go to stderr from any rank.
  if (!session.root()) std::cout.setstate(std::ios::badbit);
  try {
    const int code = body(session);
    std::cout.flush();
    return code;
  } catch (const usage_error& e) {
    return end_usage_error(e.what(), session.control());
  } catch (const not_implemented& e) {
    return abort_with(e.what(), kExitNotImplemented);
  } catch (const io_error& e) {
    return abort_with(e.what(), kExitIo);
  } catch (const std::bad_alloc&) {
    return abort_with("out of memory; choose a smaller size", kExitFailed);
  } catch (const std::exception& e) {
    return abort_with(e.what(), kExitFailed);
  }
}

Team team(MPI_Comm comm) {
  return {rank(comm) == 0, size(comm), [comm](bool ok) { return all_ok(ok, comm); },
          [comm](const std::function<void()>& fn, const TimingOptions& t) { return measure(fn, t, comm); },
          [comm](std::uint64_t v) {
            MPI_Bcast(&v, 1, MPI_UINT64_T, 0, comm);
            return v;
          },
          [comm](double v) {
            double out = v;
            MPI_Allreduce(&v, &out, 1, MPI_DOUBLE, MPI_SUM, comm);
            return out;
          }};
}

void require_per_rank(long count, int ranks, const std::string& option, const std::string& what) {
  if (count < ranks)
    throw usage_error(option + " " + std::to_string(count) + " is smaller than the " + std::to_string(ranks) +
                      " ranks: every rank needs at least one " + what + "; use fewer ranks or a bigger " + option);
}

void print_placement(MPI_Comm comm) {
  const auto names = processor_names(comm);
  if (rank(comm) == 0) std::cout << "Placement: " << placement(names) << '\n';
}

}  // namespace parlab::mpi
