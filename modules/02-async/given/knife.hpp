// Module 02: one knife or two. The same batch of tasks, CPU-bound or I/O-bound,
// run by one cook, by one cook with timers, by several cooks (threads) and by
// several kitchens (processes), on one core or on all of them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "kitchen.hpp"

namespace parlab::async {

// io waits on a timer (no device); disk waits for real: fsync'd writes to a temp file.
enum class Workload { cpu, io, disk };
enum class Scenario { sync, async, threads, processes };

struct KnifeConfig {
  int tasks = 8;
  Millis io_wait{40};   // an I/O task waits this long (a timer: no CPU)
  int cpu_pixels = 60000;  // a CPU task shades this many pixels (~40 ms on one core here)
  int disk_writes = 4;     // a disk task writes and fsyncs a block this many times
  std::string disk_dir;    // where its temp file goes (empty: $TMPDIR, else /tmp)
};

constexpr int kMaxKnifeTasks = 256;  // one thread or one process per task

// The result of task i: a checksum of its pixels (cpu) or its index (io, disk), so every
// scenario can be checked against the synchronous one.
std::uint64_t run_knife_task(Workload w, const KnifeConfig& c, int i);

// Runs all tasks in the given way; results[i] belongs to task i.
//  sync:      one after the other on this thread
//  async:     one thread, an EventLoop: I/O waits are timers, CPU and disk tasks callbacks
//             (fsync blocks the one thread: a blocking call cannot overlap on an event loop)
//  threads:   one std::thread per task
//  processes: one fork()ed child per task, results back through a pipe
std::vector<std::uint64_t> run_scenario(Workload w, Scenario s, const KnifeConfig& c);

// The CPUs this process may run on (sched_getaffinity), and pinning to a set of
// them (sched_setaffinity, inherited by new threads and children). pin() throws
// std::runtime_error if the OS refuses. `taskset -c 0 CMD` does the same from a shell.
std::vector<int> allowed_cpus();
void pin(const std::vector<int>& cpus);

std::string name(Workload w);
std::string name(Scenario s);

}  // namespace parlab::async
