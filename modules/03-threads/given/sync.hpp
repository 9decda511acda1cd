// Module 03 synchronization lessons: each broken version is kept (given) beside the
// exercise that fixes it, so the driver threads_sync can show both.
#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

#include "workers.hpp"

namespace parlab::threads {

// ---- Lesson 1: one tally sheet, many cooks -------------------------------------
// `threads` workers each add 1 to one shared counter `iters` times; the right
// answer is threads * iters.

// BROKEN on purpose (given, counter_racy.cpp): a data race. ++counter is a read, an
// add and a write; two cooks read the same old value and one update is lost. The
// result changes from run to run, and ThreadSanitizer reports the race.
long count_racy(int threads, long iters);
// Exercise 7 (counter_mutex.cpp): the same with a std::mutex and std::lock_guard.
long count_with_mutex(int threads, long iters);
// Exercise 8 (counters_atomic.cpp): the same with one std::atomic<long>.
long count_with_atomic(int threads, long iters);

// ---- Lesson 2: false sharing ---------------------------------------------------
// No race at all here: each worker owns its own counter. But the counters sit side
// by side in memory, and the cores pass the one cache line they share back and forth
// on every write. Padding each counter to a whole cache line cures it.
inline constexpr std::size_t kCacheLine = 64;  // bytes, on every x86-64 and most ARM cores

struct PerThreadCounts {
  std::vector<long> counts;  // counts[t]: what worker t counted (must be iters)
  std::size_t slot_bytes = 0;  // sizeof one counter slot: its stride in memory
  std::size_t slot_align = 0;  // alignof one slot
};

// Worker t adds 1 to slots[t] `iters` times with an atomic read-modify-write
// (fetch_add: a `lock add` on x86). It must own the cache line for every single
// increment, so two cores whose slots share a line pass it back and forth each
// time. (A relaxed load + store is not enough on recent cores: the load is served
// from the store buffer and the stores drain in batches, hiding most of the cost.)
// No data race either way: each slot has one writer.
template <class Slot>
PerThreadCounts count_per_thread(int threads, long iters) {
  check_threads(threads);
  std::vector<Slot> slots(threads);  // std::allocator honours over-alignment (C++17)
  run_workers(threads, [&](int t) {
    auto& v = slots[t].value;
    for (long i = 0; i < iters; ++i) v.fetch_add(1, std::memory_order_relaxed);
  });
  PerThreadCounts out{{}, sizeof(Slot), alignof(Slot)};
  for (auto& s : slots) out.counts.push_back(s.value.load());
  return out;
}

// The slow one (given): 8-byte slots, eight to a cache line.
struct PlainSlot {
  std::atomic<long> value{0};
};
PerThreadCounts count_unpadded(int threads, long iters);
// Exercise 8 too (counters_atomic.cpp): slots of one whole cache line each.
PerThreadCounts count_padded(int threads, long iters);

// ---- Lesson 3: deadlock --------------------------------------------------------
// Two cooks each need the salt and the pepper. One grabs the salt and reaches for
// the pepper; the other grabbed the pepper and reaches for the salt. Both wait
// forever. Here: bank accounts, each with its own lock.
struct Account {
  std::timed_mutex m;  // timed, so the broken version can give up instead of hanging
  long balance = 0;
};

// BROKEN on purpose (given, deadlock_demo.cpp): locks `from`, then `to`. Transfers in
// opposite directions at the same time lock in opposite orders: a cycle of waits.
// It waits at most `patience` for the second lock (try_lock_for); false means it gave
// up, moved nothing: "deadlock detected". `holding_first` (may be empty) runs while
// the first lock is held: the demo uses it to force the fatal interleaving.
bool transfer_naive(Account& from, Account& to, long amount, std::chrono::milliseconds patience,
                    const std::function<void()>& holding_first = {});

struct DeadlockDemo {
  int gave_up = 0;          // transfers that detected the deadlock (1 or 2, never 0)
  long total_before = 0, total_after = 0;  // money is conserved either way
};
// Two cooks run transfer_naive A->B and B->A, each holding its first lock until the
// other holds its own: the worst interleaving, forced, so the deadlock shows every time.
DeadlockDemo demo_deadlock(std::chrono::milliseconds patience);

// Exercise 9 (transfer_safe.cpp): a transfer that cannot deadlock, whatever other
// transfers run at the same time (and from == to must work: nothing moves).
void transfer_safe(Account& from, Account& to, long amount);

struct TransferRun {
  bool finished = false;   // false: the watchdog fired - "deadlock detected"
  long total_before = 0, total_after = 0;
  long transfers = 0;
};
// `threads` cooks run `transfers` transfer_safe calls each between two accounts,
// even cooks A->B, odd ones B->A, under a watchdog of `limit`.
TransferRun demo_transfers_safe(int threads, long transfers, std::chrono::milliseconds limit);

// Given: runs fn on its own thread and waits at most `limit`. True if it finished
// (its exception, if any, is rethrown here). False if not: the thread is detached -
// the only thing one can do with a deadlocked thread - so fn must own what it uses
// (capture shared_ptrs, not references to the caller's locals).
bool finishes_within(std::function<void()> fn, std::chrono::milliseconds limit);

}  // namespace parlab::threads
