// Driver: ping-pong between ranks 0 and 1 - latency and bandwidth over message sizes.
//   mpirun -np 2 mpi_pingpong [--max-bytes 4194304]
// On one machine Open MPI moves messages through shared memory (btl vader); across hosts
// through TCP (btl tcp): run it both ways and compare the two columns of the README.
#include <algorithm>
#include <iostream>

#include "mpi.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, MPI_THREAD_SINGLE, [&](mpi::Session& s) {
    long min_bytes = 8, max_bytes = 4L << 20, bytes = 0;
    double batch_time = 0.01;
    int iters = 1;  // round trips per timed batch, for this size
    RunOptions opt;
    opt.min_time = 0;
    PingPong last;
    const std::vector<Rung> rungs{
        Rung("pingpong", "ranks 0 and 1 bounce a message --batch-time long, for each size",
             [&](int) { last = pingpong(bytes, iters, MPI_COMM_WORLD); })
            .described_by([&](Record& r) {
              r.extra.push_back({"latency_us", r.stats.median / (2.0 * iters) * 1e6});
              r.extra.push_back({"round_trips", iters});
            })};
    Cli cli("mpi_pingpong",
            "Ping-pong between ranks 0 and 1 (run with mpirun -np 2): one-way latency and bandwidth\n"
            "for message sizes from --min-bytes to --max-bytes, growing 4x each step.");
    cli.option("min-bytes", min_bytes, "smallest message", 1, 1L << 30)
        .option("max-bytes", max_bytes, "largest message", 1, 1L << 30)
        .option("batch-time", batch_time, "seconds per timed batch (sets the round trips per batch)", 0.0, 60.0);
    add_run_options(cli, opt, rungs, false);
    if (!cli.parse(argc, argv)) return 0;
    if (s.size() < 2)
      throw usage_error("mpi_pingpong needs 2 ranks (it bounces messages between rank 0 and rank 1); run mpirun -np 2");
    if (min_bytes > max_bytes) throw usage_error("--min-bytes must not exceed --max-bytes");
    Runner runner(opt, mpi::team());
    runner.banner("05-mpi", "pingpong", "bytes=" + std::to_string(min_bytes) + ".." + std::to_string(max_bytes) +
                                            " batch-time=" + fmt(batch_time, 3) + "s");
    mpi::print_placement();

    std::vector<long> sizes;  // x4 steps, and the largest size itself
    for (long b = min_bytes; b < max_bytes; b *= 4) sizes.push_back(b);
    sizes.push_back(max_bytes);
    std::vector<Record> recs;
    for (long b : sizes) {
      bytes = b;
      // Enough round trips that a batch lasts about --batch-time (from one calibration trip).
      const PingPong probe = pingpong(b, 1, MPI_COMM_WORLD);
      iters = int(std::clamp(batch_time / std::max(2 * probe.one_way_s, 1e-9), 1.0, 100000.0));
      MPI_Bcast(&iters, 1, MPI_INT, 0, MPI_COMM_WORLD);  // rank 0's count: every rank loops alike
      Ladder l;
      l.proto.module = "05-mpi";
      l.proto.kernel = "pingpong";
      l.proto.set_size("n", b);
      l.work = 2.0 * iters * double(b) / 1e9;  // GB through the link per batch, one message at a time
      l.unit = "GB/s";
      l.poison = [&] { last = PingPong{}; };
      l.check = [&](int) {  // rank 0 sees the payloads come back
        const bool ok = !s.root() || last.ok;
        return Verdict::check(ok, ok ? std::to_string(b) + " B: every payload came back intact" : "a payload came back corrupted");
      };
      for (auto& r : runner.run(l, rungs)) {
        r.extra.push_back({"batch_time_s", batch_time});  // last: the table reads the first two
        recs.push_back(r);
      }
    }
    Table t({"bytes", "latency us", "bandwidth GB/s", "round trips"});
    for (const auto& r : recs) t.add({std::to_string(r.size("n")), fmt(r.extra[0].second, 2), fmt(r.rate, 3), fmt(r.extra[1].second, 0)});
    if (s.root() && !recs.empty()) {
      std::cout << '\n';
      t.print(std::cout);
      std::cout << "Latency [pingpong]: " << fmt(recs.front().extra[0].second, 2) << " us one-way for " << recs.front().size("n")
                << " B\n";
    }
    return runner.finish(recs);
  });
}
