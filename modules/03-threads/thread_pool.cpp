#include "thread_pool.hpp"

#include <stdexcept>

#include "workers.hpp"

namespace parlab::threads {

ThreadPool::ThreadPool(int threads) {
  check_threads(threads);
  workers_.reserve(threads);
  try {
    for (int t = 0; t < threads; ++t) workers_.emplace_back([this] { work(); });
  } catch (...) {  // the OS refused a thread: stop the ones already started
    shutdown();
    throw;
  }
}

ThreadPool::~ThreadPool() { shutdown(); }

void ThreadPool::push(std::function<void()> job) {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) throw std::runtime_error("ThreadPool: submit after shutdown (the pool takes no more tasks)");
    queue_.push_back(std::move(job));
  }
  ready_.notify_one();  // outside the lock: the woken worker need not wait for it
}

void ThreadPool::work() {
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
}

void ThreadPool::shutdown() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& w : workers_)
    if (w.joinable()) w.join();
}

}  // namespace parlab::threads
