// Given code for module 03: thread counts and a team of workers (block partitions:
// parlab/partition.hpp).
// Read it: exercise 1 writes its threads by hand (its test checks that it does not call
// run_workers), later exercises call run_workers.
#pragma once
#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "parlab/error.hpp"
#include "parlab/partition.hpp"  // Range, block_range: the block partitions of every module

namespace parlab::threads {

// More cooks than this only get in each other's way, and each std::thread reserves
// its own stack (8 MiB of address space by default): a clear limit beats a crash.
// The drivers' --threads option has the same range.
inline constexpr int kMaxThreads = 1024;

// Throws usage_error (a std::invalid_argument) unless 1 <= threads <= kMaxThreads.
// More threads than cores is legal: the OS time-slices them, the answer stays right.
inline void check_threads(int threads) {
  if (threads < 1)
    throw usage_error("threads: " + std::to_string(threads) + " is not a valid thread count (must be 1 to " +
                      std::to_string(kMaxThreads) + ")");
  if (threads > kMaxThreads)
    throw usage_error("threads: " + std::to_string(threads) + " is more than the limit of " +
                      std::to_string(kMaxThreads) + " threads");
}

// How many times run_workers has started a team, in this process: exercise 1's test
// checks that the row-block matmul starts its std::threads itself.
inline std::atomic<long> run_workers_calls{0};

// Runs body(t) for t = 0 .. threads-1, each on its own std::thread, and joins them all.
// Why not just std::thread: an exception escaping a std::thread calls std::terminate,
// and a std::thread destroyed while still joinable does too. Here the first exception
// of any worker is kept and rethrown on the calling thread, after every worker joined.
template <class Body>
void run_workers(int threads, const Body& body) {
  check_threads(threads);
  run_workers_calls.fetch_add(1, std::memory_order_relaxed);
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto guarded = [&](int t) {
    try {
      body(t);
    } catch (...) {
      const std::lock_guard lock(error_mutex);
      if (!first_error) first_error = std::current_exception();
    }
  };
  std::vector<std::thread> team;
  team.reserve(threads);
  try {
    for (int t = 0; t < threads; ++t) team.emplace_back(guarded, t);
  } catch (...) {  // the OS refused a thread: finish the ones we have, then report
    for (auto& w : team) w.join();
    throw;
  }
  for (auto& w : team) w.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace parlab::threads
