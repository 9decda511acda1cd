// Driver: ping-pong between ranks 0 and 1 - latency and bandwidth over message sizes.
//   mpirun -np 2 mpi_pingpong [--max-bytes 4194304]
// On one machine Open MPI moves messages through shared memory (btl vader); across hosts
// through TCP (btl tcp): run it both ways and compare the two columns of the README.
#include <algorithm>
#include <cmath>
#include <iostream>

#include "mpi05.hpp"
#include "mpi_ladder.hpp"
#include "parlab/cli.hpp"
#include "parlab/error.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::mpi05;
  return mpi::run_main(argc, argv, MPI_THREAD_SINGLE, [&](mpi::Session& s) {
    long min_bytes = 8, max_bytes = 4L << 20;
    int reps = 3;
    double min_time = 0.05;
    std::string json;
    Cli cli("mpi_pingpong",
            "Ping-pong between ranks 0 and 1 (run with mpirun -np 2): one-way latency and bandwidth\n"
            "for message sizes from --min-bytes to --max-bytes, growing 4x each step.");
    cli.option("min-bytes", min_bytes, "smallest message", 1, 1L << 30)
        .option("max-bytes", max_bytes, "largest message", 1, 1L << 30)
        .option("reps", reps, "timed batches per size (the median is quoted)", 1, 1000)
        .option("min-time", min_time, "seconds per batch (sets the round trips per batch)", 0.0, 60.0)
        .option("json", json, "write JSON records to this file (rank 0)");
    if (!cli.parse(argc, argv)) return 0;
    if (s.size() < 2)
      throw usage_error("mpi_pingpong needs 2 ranks (it bounces messages between rank 0 and rank 1); run mpirun -np 2");
    if (min_bytes > max_bytes) throw usage_error("--min-bytes must not exceed --max-bytes");
    mpi::check_json_target(json);
    if (s.root())
      print_banner("05-mpi", "pingpong", "bytes=" + std::to_string(min_bytes) + ".." + std::to_string(max_bytes) +
                                             " ranks=" + std::to_string(s.size()));
    print_placement();

    std::vector<Record> recs;
    Table t({"bytes", "latency us", "bandwidth GB/s", "round trips"});
    bool all_ok = true;
    std::vector<long> sizes;  // x4 steps, and the largest size itself
    for (long b = min_bytes; b < max_bytes; b *= 4) sizes.push_back(b);
    sizes.push_back(max_bytes);
    for (long b : sizes) {
      // Enough round trips that a batch lasts about min_time (from one calibration trip).
      const PingPong probe = pingpong(b, 1, MPI_COMM_WORLD);
      const int iters = int(std::clamp(min_time / std::max(2 * probe.one_way_s, 1e-9), 1.0, 100000.0));
      std::vector<double> lat;
      for (int r = 0; r < reps; ++r) {
        const PingPong pp = pingpong(b, iters, MPI_COMM_WORLD);
        all_ok = all_ok && pp.ok;
        lat.push_back(pp.one_way_s);
      }
      Record rec;
      rec.module = "05-mpi";
      rec.kernel = "pingpong";
      rec.variant = "pingpong";
      rec.n = b;
      rec.ranks = s.size();
      rec.stats = summarize(lat);
      rec.rate = b / rec.stats.median / 1e9;
      rec.rate_unit = "GB/s";
      rec.validated = all_ok;
      rec.extra.push_back({"latency_us", rec.stats.median * 1e6});
      rec.extra.push_back({"round_trips", iters});
      t.add({std::to_string(b), fmt(rec.stats.median * 1e6, 2), fmt(rec.rate, 3), std::to_string(iters)});
      recs.push_back(rec);
    }
    if (s.root()) {
      print_validates("pingpong", all_ok, all_ok ? "every payload came back intact" : "a payload came back corrupted");
      std::cout << '\n';
      t.print(std::cout);
      std::cout << '\n';
      print_rate("pingpong", recs.back().rate, "GB/s", recs.back().stats);
      std::cout << "Latency [pingpong]: " << fmt(recs.front().stats.median * 1e6, 2) << " us one-way for "
                << recs.front().n << " B\n";
    }
    mpi::write_json(json, recs);
    return all_ok ? 0 : 1;
  });
}
