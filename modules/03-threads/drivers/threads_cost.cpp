// Driver: pay the cooks. What a process, a thread and a coroutine cost: creating one
// (and waiting for it), switching to it and back, its stack, and whether it shares
// the creator's memory. A timed run creates --count workers; the table and the record
// give the cost of ONE creation (the median run divided by --count).
#include <algorithm>
#include <iostream>

#include "cost.hpp"
#include "parlab/ladder.hpp"
#include "parlab/main.hpp"

using namespace parlab;
using namespace parlab::threads;

int main(int argc, char** argv) {
  return run_main([&] {
    int count = 200, trips = 20000;
    RunOptions opt;
    opt.reps = 5, opt.min_time = 0;
    int seen = 0;  // what the last worker saw of its creator's write
    auto rung = [&](Worker w, const std::string& about) {
      return Rung(name(w), about, [&, w](int) { create_seconds(w, count); })
          .checked_by([&, w](int) {
            seen = sees_parent_write(w);
            const bool ok = seen == (w == Worker::process ? 0 : 42);
            return Verdict::check(ok, seen == 42 ? "shares the creator's memory" : "works on a copy of it");
          })
          .described_by([&, w](Record& r) {
            std::vector<double> sw;
            for (int i = 0; i < opt.reps; ++i) sw.push_back(switch_seconds(w, trips));
            const std::size_t stack = w == Worker::coroutine ? coroutine_frame_bytes() : stack_bytes(w);
            // per creation: the timed run made `count` workers
            r.extra = {{"create_s_each", r.stats.median / count}, {"switch_s", summarize(sw).median}, {"stack_bytes", double(stack)}};
            r.notes = {{"shares_memory", seen == 42 ? "yes" : "no (copy on write)"},
                       {"stack", w == Worker::coroutine ? "frame on the heap" : w == Worker::thread ? "own stack" : "own copy"}};
          });
    };
    const std::vector<Rung> rungs{
        rung(Worker::process, "fork + waitpid; switch over pipes; a copy of the creator's memory"),
        rung(Worker::thread, "std::thread + join; switch with semaphores; its own stack, shared memory"),
        rung(Worker::coroutine, "a C++20 coroutine; switch = resume; one heap frame, shared memory"),
    };
    Cli cli("threads_cost",
            "Pay the cooks: process vs thread vs coroutine. Creation cost (create, run nothing, wait),\n"
            "switch cost (hand control over and back: pipes, semaphores, resume), the stack each gets,\n"
            "and whether it sees its creator's memory (a process works on a copy).");
    cli.option("count", count, "workers created per timed run", 1, 100000)
        .option("round-trips", trips, "switches there and back per timed run", 1, 10'000'000);
    add_run_options(cli, opt, rungs, false);
    if (!cli.parse(argc, argv)) return 0;
    Runner runner(opt);
    runner.banner("03-threads", "cost", "count=" + std::to_string(count) + " round-trips=" + std::to_string(trips));
    Ladder l;
    l.proto.module = "03-threads";
    l.proto.kernel = "cost";
    l.proto.set_size("n", count);
    l.proto.params.push_back({"round_trips", trips});
    l.work = count / 1e6;
    l.unit = "M creations/s";
    const std::vector<Record> recs = runner.run(l, rungs);
    // Its own table: the three costs side by side.
    Table t({"worker", "create us (each)", "switch us", "stack KiB", "sees creator's write"});
    for (const Record& r : recs) {
      const double stack = r.extra.at(2).second;
      t.add({r.variant, fmt(r.extra.at(0).second * 1e6, 3), fmt(r.extra.at(1).second * 1e6, 3),
             r.variant == "coroutine" ? fmt(stack / 1024.0, 2) + " (frame)" : r.variant == "process" ? "(copy)" : fmt(stack / 1024.0, 0),
             r.notes.at(0).second == "yes" ? "yes" : "no"});
    }
    std::cout << '\n';
    t.print(std::cout);
    std::cout << "(a thread's stack is reserved address space, paid for page by page as it is touched;\n"
                 " a process copies the page tables and then each page it writes; a coroutine is one heap frame)\n";
    return runner.finish(recs);
  });
}
