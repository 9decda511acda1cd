// Driver: the deadlock lesson. A ring exchange with blocking MPI_Send first on every rank
// (deadlocks once messages exceed the eager limit), then the two fixes: MPI_Sendrecv and
// MPI_Isend/MPI_Irecv. A watchdog (alarm) turns a deadlock into a report and a clean exit
// with code 4 instead of a hang.
//   mpirun -np 2 mpi_deadlock [--bytes 1048576] [--variants sendrecv,nonblocking,blocking]
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "mpi.hpp"
#include "parlab/main.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/memory.hpp"
#include "parlab/mpi.hpp"

namespace {
int g_rank = 0;
char g_report[512];

// Async-signal-safe: write() and _exit() only. Rank 0 reports; the others leave quietly
// (their alarm rings later, so rank 0's report comes first and mpirun stops the rest).
extern "C" void on_alarm(int) {
  if (g_rank == 0) {
    const ssize_t w = write(STDOUT_FILENO, g_report, std::strlen(g_report));
    (void)w;
  }
  _exit(parlab::kExitDeadlock);
}

// Runs fn under a watchdog of `seconds`.
template <class Fn>
void with_watchdog(double seconds, Fn fn) {
  struct sigaction sa {};
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, nullptr);
  const unsigned s = unsigned(seconds + 0.999) + (g_rank == 0 ? 0 : 2);
  alarm(s);
  fn();
  alarm(0);
}
}  // namespace

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, MPI_THREAD_SINGLE, [&](mpi::Session& s) {
    long bytes = 1L << 20;
    double timeout = 3;
    RunOptions opt;
    opt.min_time = 0.05;
    const int me = s.rank(), p = s.size();
    std::vector<char> out, in;
    auto timed = [&](void (*fn)(const std::vector<char>&, std::vector<char>&, MPI_Comm)) {
      return [&, fn](int) { with_watchdog(timeout, [&] { fn(out, in, MPI_COMM_WORLD); }); };
    };
    const std::vector<Rung> rungs{
        Rung("sendrecv", manifest::about("MPI_Sendrecv", manifest::label("mpi_deadlock", "sendrecv")), timed(exchange_sendrecv)),
        Rung("nonblocking", manifest::about("MPI_Irecv + MPI_Isend + MPI_Waitall", manifest::label("mpi_deadlock", "nonblocking")), timed(exchange_nonblocking)),
        Rung("blocking", "MPI_Send then MPI_Recv: deadlocks above the eager limit; the watchdog reports it "
                         "and exits with code 4 (so it runs last)", timed(exchange_blocking)),
    };
    Cli cli("mpi_deadlock", "Ring exchange: every rank sends --bytes to rank+1 and receives from rank-1.");
    cli.option("bytes", bytes, "message size", 1, 1L << 30)
        .option("timeout", timeout, "watchdog: seconds without progress before reporting a deadlock", 0.1, 600.0);
    add_run_options(cli, opt, rungs, false);
    if (!cli.parse(argc, argv)) return 0;
    require_memory(3ull * bytes, "--bytes " + std::to_string(bytes));
    Runner runner(opt, mpi::team());
    g_rank = s.rank();
    std::snprintf(g_report, sizeof g_report,
                  "DEADLOCK [blocking]: no rank finished its exchange within %.1f s. Every rank sits in MPI_Send\n"
                  "waiting for a receive that its neighbour will only post after its own MPI_Send returns.\n"
                  "%ld bytes exceed the eager limit, so MPI_Send cannot return before the receive is posted.\n"
                  "Fix: MPI_Sendrecv, or MPI_Irecv + MPI_Isend + MPI_Waitall (exchange.cpp). Exiting with code 4.\n",
                  timeout, bytes);
    runner.banner("05-mpi", "exchange", "bytes=" + std::to_string(bytes));
    mpi::print_placement();

    out.resize(bytes), in.resize(bytes);
    for (long i = 0; i < bytes; ++i) out[i] = char((i * 7 + me) & 0x7f);
    Ladder l;
    l.proto.module = "05-mpi";
    l.proto.kernel = "exchange";
    l.proto.set_size("n", bytes);
    l.work = double(bytes) * p / 1e9;  // bytes moved per exchange, all ranks together
    l.unit = "GB/s";
    l.poison = [&] { std::fill(in.begin(), in.end(), char(0x80)); };  // no byte of a message is >= 0x80
    l.check = [&](int) {  // every rank checks what its left neighbour sent
      const int left = (me + p - 1) % p;
      bool ok = in.size() == std::size_t(bytes);
      for (long i = 0; ok && i < bytes; ++i) ok = in[i] == char((i * 7 + left) & 0x7f);
      return Verdict::check(ok, ok ? "every rank received its left neighbour's message" : "");
    };
    std::vector<Record> recs = runner.run(l, rungs);
    runner.speedup_table(recs, "");
    return runner.finish(recs);
  });
}
