// Driver: pay the cooks. What a process, a thread and a coroutine cost: creating one
// (and waiting for it), switching to it and back, its stack, and whether it shares
// the creator's memory. Each figure is the median of --reps runs of --count workers.
#include <algorithm>
#include <iostream>

#include "cost.hpp"
#include "lesson_driver.hpp"

using namespace parlab;
using namespace parlab::threads;

int main(int argc, char** argv) {
  return run_main([&] {
    int count = 200, trips = 20000, reps = 5;
    std::vector<std::string> kinds;
    std::string json;
    Cli cli("threads_cost",
            "Pay the cooks: process vs thread vs coroutine. Creation cost (create, run nothing, wait),\n"
            "switch cost (hand control over and back: pipes, semaphores, resume), the stack each gets,\n"
            "and whether it sees its creator's memory (a process works on a copy).");
    cli.option("count", count, "workers created per timed run", 1, 100000)
        .option("round-trips", trips, "switches there and back per timed run", 1, 10'000'000)
        .option("variants", kinds, "workers to measure", {"process", "thread", "coroutine"})
        .option("reps", reps, "timed runs (the median is reported)", 1, 1000)
        .option("json", json, "write JSON records to this file");
    if (!cli.parse(argc, argv)) return 0;
    check_json_path(json);
    print_banner("03-threads", "cost",
                 "count=" + std::to_string(count) + " round-trips=" + std::to_string(trips) + " threads=1 ranks=1");
    std::vector<Record> recs;
    Table t({"worker", "create us", "switch us", "stack KiB", "sees creator's write"});
    for (Worker w : {Worker::process, Worker::thread, Worker::coroutine}) {
      if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), name(w)) == kinds.end()) continue;
      const int seen = sees_parent_write(w);
      const bool ok = seen == (w == Worker::process ? 0 : 42);
      print_validates(name(w), ok, seen == 42 ? "shares the creator's memory" : "works on a copy of it");
      if (!ok) return 1;
      std::vector<double> create, sw;
      for (int i = 0; i < reps; ++i) create.push_back(create_seconds(w, count)), sw.push_back(switch_seconds(w, trips));
      Record r;
      r.module = "03-threads", r.kernel = "cost", r.variant = name(w), r.n = count, r.validated = true;
      r.stats = summarize(create);
      r.rate = 1e-6 / r.stats.median, r.rate_unit = "M creations/s";
      const double sw_s = summarize(sw).median;
      const std::size_t stack = w == Worker::coroutine ? coroutine_frame_bytes() : stack_bytes(w);
      r.extra = {{"create_s", r.stats.median}, {"switch_s", sw_s}, {"stack_bytes", double(stack)}};
      r.notes = {{"shares_memory", seen == 42 ? "yes" : "no (copy on write)"},
                 {"stack", w == Worker::coroutine ? "frame on the heap" : w == Worker::thread ? "own stack" : "own copy"}};
      print_rate(name(w), r.rate, r.rate_unit, r.stats);
      t.add({name(w), fmt(r.stats.median * 1e6, 3), fmt(sw_s * 1e6, 3),
             w == Worker::coroutine ? fmt(stack / 1024.0, 2) + " (frame)" : w == Worker::process ? "(copy)" : fmt(stack / 1024.0, 0),
             seen == 42 ? "yes" : "no"});
      recs.push_back(r);
    }
    std::cout << '\n';
    t.print(std::cout);
    std::cout << "(a thread's stack is reserved address space, paid for page by page as it is touched;\n"
                 " a process copies the page tables and then each page it writes; a coroutine is one heap frame)\n";
    write_json(recs, json);
    return 0;
  });
}
