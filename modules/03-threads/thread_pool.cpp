// Exercise 5 - the thread pool (thread_pool.hpp says what it must do; read it first).
//
// The members are given in the header: one mutex guarding a queue of jobs and a
// "stopping" flag, one condition variable, the workers. Your part is the four
// functions below. The tests (tests/03-threads/test_pool.cpp) check results,
// exceptions through futures, shutdown rules, that tasks really run on several
// workers at once, and (make race) that nothing races.
#include "thread_pool.hpp"

#include <stdexcept>

#include "parlab/error.hpp"
#include "workers.hpp"

namespace parlab::threads {

ThreadPool::ThreadPool(int threads) {
  check_threads(threads);
  // BEGIN SOLUTION
  workers_.reserve(threads);
  try {
    for (int t = 0; t < threads; ++t) workers_.emplace_back([this] { work(); });
  } catch (...) {  // the OS refused a thread: stop the ones already started
    shutdown();
    throw;
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): start `threads` workers, each running work() until the pool shuts down.
  // // Constraint: if starting the 3rd thread throws (the OS can refuse), the two already
  // // running must not be left behind: a joinable std::thread destroyed unjoined ends
  // // the program.
  // // Look up: std::thread, std::vector::emplace_back, a lambda capturing `this`.
  // // Think: why must the workers be started in the constructor's body and not earlier,
  // // e.g. in a member initialiser listed before mutex_?
  // throw not_implemented("ThreadPool (modules/03-threads/thread_pool.cpp)");
  // END STUDENT
}

ThreadPool::~ThreadPool() { shutdown(); }

void ThreadPool::push(std::function<void()> job) {
  // BEGIN SOLUTION
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) throw std::runtime_error("ThreadPool: submit after shutdown (the pool takes no more tasks)");
    queue_.push_back(std::move(job));
  }
  ready_.notify_one();  // outside the lock: the woken worker need not wait for it
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): add `job` to the queue and wake one idle worker. After shutdown(),
  // // throw std::runtime_error whose message contains "submit after shutdown".
  // // Constraint: any thread may call this while workers are taking jobs.
  // // Look up: std::lock_guard, std::condition_variable::notify_one.
  // // Think: may you notify after releasing the lock? What can go wrong if you check
  // // stopping_ without holding the mutex?
  // (void)job;
  // throw not_implemented("ThreadPool::submit (modules/03-threads/thread_pool.cpp)");
  // END STUDENT
}

void ThreadPool::work() {
  // BEGIN SOLUTION
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      // The predicate guards against spurious wake-ups and against a notify that
      // came before this worker started waiting.
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to do
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();  // outside the lock, so the other workers can take tasks meanwhile
  }
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): a worker's life: sleep until there is a job or the pool is closing,
  // // take the oldest job and run it; return only when the pool is closing AND the
  // // queue is empty (shutdown drains the queue, it drops nothing).
  // // Constraint: no busy waiting (an idle pool uses no CPU), and several workers must
  // // be able to run jobs at the same time. A job never throws here (submit wraps it in
  // // a std::packaged_task, which stores the exception in the future).
  // // Look up: std::unique_lock, std::condition_variable::wait with a predicate.
  // // Think: what is a spurious wake-up, and what happens to a notify_one() that comes
  // // before this worker has started waiting?
  // END STUDENT
}

void ThreadPool::shutdown() {
  // BEGIN SOLUTION
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& w : workers_)
    if (w.joinable()) w.join();
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO (goal): refuse new jobs, let the workers finish every queued job, and wait
  // // until all of them have returned. A second call (the destructor calls it again)
  // // must be harmless.
  // // Constraint: this runs in the destructor, so it must not throw.
  // // Look up: std::condition_variable::notify_all, std::thread::join / joinable.
  // // Think: why notify_all here when push() notifies only one?
  // END STUDENT
}

}  // namespace parlab::threads
