// Driver: false sharing, measured. Each worker counts in its own slot; the slots
// are 8 bytes apart (unpadded, given) or a cache line apart (padded, exercise 8).
#include <cmath>
#include <iostream>

#include "lesson_driver.hpp"
#include "parlab/cli.hpp"
#include "parlab/error.hpp"
#include "sync.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::threads;
  return run_main([&] {
    std::vector<int> thread_counts{1, 2};
    long iters = 20'000'000;
    int reps = 3;
    double min_time = 0.25;
    std::string json;
    Cli cli("threads_false_sharing",
            "False sharing: per-thread counters side by side in one cache line (unpadded) or one line each (padded).");
    cli.option("threads", thread_counts, "thread counts", 1, kMaxThreads)
        .option("iters", iters, "increments per thread", 1, 10'000'000'000L)
        .option("reps", reps, "at least this many timed runs", 1, 1000)
        .option("min-time", min_time, "and at least this many seconds of timed runs", 0.0, 600.0)
        .option("json", json, "write JSON records to this file");
    if (!cli.parse(argc, argv)) return 0;
    check_json_path(json);
    print_banner("03-threads", "false_sharing",
                 "iters=" + std::to_string(iters) + " threads=" + join_ints(thread_counts) + " ranks=1");
    const TimingOptions opt{0, reps, std::max(reps, 50), min_time};
    std::vector<Record> recs;
    int failed = 0, missing = 0;
    for (int threads : thread_counts) {
      for (const auto& [variant, fn] : {std::pair{std::string("unpadded"), &count_unpadded},
                                        std::pair{std::string("padded"), &count_padded}}) {
        PerThreadCounts got;
        try {
          got = fn(threads, iters);
        } catch (const not_implemented& e) {
          std::cout << "Solution not implemented [" << label(variant, threads) << "]: " << e.what() << '\n';
          ++missing;
          continue;
        }
        bool ok = got.counts.size() == std::size_t(threads);
        for (long c : got.counts) ok = ok && c == iters;
        std::string detail = "every counter = " + std::to_string(iters) + ", slots of " +
                             std::to_string(got.slot_bytes) + " bytes";
        if (!ok) detail = "a counter is not " + std::to_string(iters);
        if (ok && variant == "padded" && got.slot_bytes % kCacheLine) {
          ok = false;
          detail = "slots of " + std::to_string(got.slot_bytes) + " bytes still share cache lines";
        }
        print_validates(label(variant, threads), ok, detail);
        if (!ok) {
          ++failed;
          continue;
        }
        Record r = timed_record("false_sharing", variant, threads, double(threads) * iters / 1e6, "Mincrement/s", true,
                                opt, [&, fn = fn] { fn(threads, iters); });
        r.n = iters;
        r.notes.push_back({"slot_bytes", std::to_string(got.slot_bytes)});
        recs.push_back(r);
      }
    }
    ratio_table(recs, "unpadded", "speedup_vs_unpadded");
    std::cout << "(padded / unpadded at the same thread count: the cost of false sharing; ~1 at 1 thread)\n";
    write_json(recs, json);
    return failed ? 1 : missing ? 3 : 0;
  });
}
