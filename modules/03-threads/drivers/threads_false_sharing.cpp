// Driver: false sharing, measured. Each worker counts in its own slot; the slots
// are 8 bytes apart (unpadded, given) or a cache line apart (padded, an exercise:
// its number is in module.json, and --help says it).
#include <iostream>

#include "parlab/ladder.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/main.hpp"
#include "sync.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  using namespace parlab::threads;
  return run_main([&] {
    long iters = 20'000'000;
    RunOptions opt;
    opt.threads = {1, 2};
    PerThreadCounts got;
    auto counting = [&](PerThreadCounts (*count)(int, long)) { return [&, count](int t) { got = count(t, iters); }; };
    auto check = [&](bool padded) {
      return [&, padded](int t) {
        bool ok = got.counts.size() == std::size_t(t);
        for (long c : got.counts) ok = ok && c == iters;
        std::string detail = ok ? "every counter = " + std::to_string(iters) + ", slots of " +
                                      std::to_string(got.slot_bytes) + " bytes"
                                : "a counter is not " + std::to_string(iters);
        if (ok && padded && got.slot_bytes % kCacheLine) {
          ok = false;
          detail = "slots of " + std::to_string(got.slot_bytes) + " bytes still share cache lines";
        }
        Verdict v = Verdict::check(ok, detail);
        v.work = double(t) * iters / 1e6;
        v.notes.push_back({"slot_bytes", std::to_string(got.slot_bytes)});
        return v;
      };
    };
    const std::vector<Rung> rungs{
        Rung("unpadded", "slots 8 bytes apart, many in one cache line (given)", counting(count_unpadded), true)
            .checked_by(check(false)),
        Rung("padded", manifest::about("one cache line per slot", manifest::label("threads_false_sharing", "padded")), counting(count_padded), true).checked_by(check(true)),
    };
    Cli cli("threads_false_sharing",
            "False sharing: per-thread counters side by side in one cache line (unpadded) or one line each (padded).");
    cli.option("iters", iters, "increments per thread", 1, 10'000'000'000L);
    add_run_options(cli, opt, rungs, true, kMaxThreads);
    if (!cli.parse(argc, argv)) return 0;
    Runner runner(opt);
    runner.banner("03-threads", "false_sharing", "iters=" + std::to_string(iters));
    Ladder l;
    l.proto.module = "03-threads";
    l.proto.kernel = "false_sharing";
    l.proto.set_size("n", iters);
    l.unit = "Mincrement/s";
    std::vector<Record> recs = runner.run(l, rungs);
    runner.ratio_table(recs, "unpadded");
    if (runner.root()) std::cout << "(padded / unpadded at the same thread count: the cost of false sharing; ~1 at 1 thread)\n";
    return runner.finish(recs);
  });
}
