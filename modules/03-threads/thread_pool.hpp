// A small thread pool: exercise 5 (thread_pool.cpp) writes it, exercise 6 (render_pool.cpp) uses it.
//
// The kitchen story: instead of hiring a cook for every dish and sending them home
// after it, keep a few cooks on staff and pin the orders to one board. Each cook
// takes the next order, cooks it, and comes back for another. Threads are started
// once, tasks are cheap to hand out, and a slow order never holds up the others.
//
//   ThreadPool pool(4);
//   std::future<int> f = pool.submit([] { return 6 * 7; });
//   f.get();  // 42, or rethrows the exception the task threw
//
// Rules: submit() after shutdown() throws std::runtime_error. shutdown() (also run
// by the destructor) refuses new work, lets the workers finish every task already
// queued, and joins them. Never call shutdown() or the destructor from inside a task
// (a worker cannot join itself).
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace parlab::threads {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);  // check_threads(threads): 1 .. kMaxThreads
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()); }

  // Queues fn() and returns the future of its result. An exception thrown by fn is
  // stored in the future and rethrown by get().
  template <class Fn>
  auto submit(Fn fn) -> std::future<std::invoke_result_t<Fn&>> {
    using R = std::invoke_result_t<Fn&>;
    // std::function must be copyable and a packaged_task is not: share it.
    auto task = std::make_shared<std::packaged_task<R()>>(std::move(fn));
    std::future<R> result = task->get_future();
    push([task] { (*task)(); });
    return result;
  }

  // Stops accepting tasks, runs those already queued, joins the workers. Idempotent.
  void shutdown();

 private:
  void push(std::function<void()> job);  // throws std::runtime_error after shutdown
  void work();                           // a worker's loop

  std::mutex mutex_;                     // guards queue_ and stopping_
  std::condition_variable ready_;        // "there is work, or we are closing"
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace parlab::threads
