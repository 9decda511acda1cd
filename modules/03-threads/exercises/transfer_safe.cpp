// Exercise 9 - a transfer that cannot deadlock.
//
// transfer_naive (deadlock_demo.cpp) locks `from` and then `to`; two transfers in
// opposite directions each hold one lock and wait for the other: deadlock. There are
// two classic cures: let the library lock several mutexes at once with a
// deadlock-avoidance algorithm, or make every cook take the locks in one global order.
#include <mutex>

#include "parlab/error.hpp"
#include "sync.hpp"

namespace parlab::threads {

void transfer_safe(Account& from, Account& to, long amount) {
  // BEGIN SOLUTION
  if (&from == &to) return;  // nothing moves; and one mutex cannot be locked twice
  const std::scoped_lock both(from.m, to.m);
  from.balance -= amount;
  to.balance += amount;
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): move `amount` from one account to the other while holding both
  // // accounts' mutexes, such that two transfers in opposite directions can never
  // // deadlock.
  // // Constraint: from and to may be the same account (locking one mutex twice hangs).
  // // Look up: std::scoped_lock (deadlock avoidance), or "lock ordering".
  // // Think: which of the four Coffman conditions does each cure break?
  // (void)from, (void)to, (void)amount;
  // throw not_implemented("transfer_safe (modules/03-threads/exercises/transfer_safe.cpp)");
  // END STUDENT
}

}  // namespace parlab::threads
