// BROKEN ON PURPOSE (given, kept as a demonstration): the deadlock, detected instead
// of hanging; and the harness that runs the fixed transfer (exercise 9) under a
// watchdog, so that a wrong fix is reported as "deadlock detected" - never a hang.
#include <future>
#include <latch>
#include <memory>
#include <thread>

#include "sync.hpp"

namespace parlab::threads {

bool transfer_naive(Account& from, Account& to, long amount, std::chrono::milliseconds patience,
                    const std::function<void()>& holding_first) {
  const std::unique_lock first(from.m);  // cook 1 holds A... (cook 2 holds B)
  if (holding_first) holding_first();
  // ...and asks for B, which cook 2 holds while asking for A. Plain lock() would wait
  // forever; try_lock_for gives up after `patience`.
  std::unique_lock second(to.m, std::defer_lock);
  if (!second.try_lock_for(patience)) return false;  // deadlock detected: nothing moved
  from.balance -= amount;
  to.balance += amount;
  return true;
}

DeadlockDemo demo_deadlock(std::chrono::milliseconds patience) {
  Account a, b;
  a.balance = 100;
  b.balance = 100;
  DeadlockDemo out;
  out.total_before = a.balance + b.balance;
  std::latch both_hold_first(2);  // each cook waits here until the other holds its first lock
  auto rendezvous = [&] { both_hold_first.arrive_and_wait(); };
  std::atomic<int> gave_up{0};
  run_workers(2, [&](int t) {
    const bool ok = t == 0 ? transfer_naive(a, b, 10, patience, rendezvous) : transfer_naive(b, a, 20, patience, rendezvous);
    if (!ok) gave_up.fetch_add(1);
  });
  // The first cook to give up releases its lock; the other may then get it in time.
  out.gave_up = gave_up.load();
  out.total_after = a.balance + b.balance;
  return out;
}

bool finishes_within(std::function<void()> fn, std::chrono::milliseconds limit) {
  std::packaged_task<void()> task(std::move(fn));
  std::future<void> done = task.get_future();
  std::thread runner(std::move(task));
  if (done.wait_for(limit) != std::future_status::ready) {
    runner.detach();  // stuck for good: leave it behind (it owns what it uses)
    return false;
  }
  runner.join();
  done.get();  // rethrows fn's exception, if any
  return true;
}

TransferRun demo_transfers_safe(int threads, long transfers, std::chrono::milliseconds limit) {
  check_threads(threads);
  // Shared, not local: if the watchdog fires, the stuck threads keep using these.
  struct State {
    Account a, b;
  };
  auto state = std::make_shared<State>();
  state->a.balance = 1000;
  state->b.balance = 1000;
  TransferRun out;
  out.total_before = 2000;
  out.transfers = threads * transfers;
  out.finished = finishes_within(
      [state, threads, transfers] {
        run_workers(threads, [&](int t) {
          Account& from = t % 2 ? state->b : state->a;
          Account& to = t % 2 ? state->a : state->b;
          for (long i = 0; i < transfers; ++i) transfer_safe(from, to, 1 + i % 7);
        });
      },
      limit);
  if (out.finished) out.total_after = state->a.balance + state->b.balance;
  return out;
}

}  // namespace parlab::threads
