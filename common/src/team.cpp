#include "parlab/team.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace parlab {

namespace {

class Team {
 public:
  void run(int threads, const std::function<void(int)>& job) {
    const std::lock_guard<std::mutex> one_job(busy_);
    const int helpers = threads > 1 ? threads - 1 : 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      while (int(workers_.size()) < helpers) start(int(workers_.size()) + 1);
      job_ = &job, active_ = helpers, left_ = helpers, ++generation_;
    }
    wake_.notify_all();
    job(0);
    std::unique_lock<std::mutex> lock(mu_);
    finished_.wait(lock, [&] { return left_ == 0; });
    job_ = nullptr;
  }

 private:
  // Worker t takes part in a job only if the job has t or more helpers.
  void start(int t) {
    workers_.emplace_back([this, t] {
      long seen = 0;
      std::unique_lock<std::mutex> lock(mu_);
      for (;;) {
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        if (t > active_) continue;
        const auto* job = job_;
        lock.unlock();
        (*job)(t);
        lock.lock();
        if (--left_ == 0) finished_.notify_one();
      }
    });
    workers_.back().detach();  // sleeping on wake_ when the process ends
  }

  std::mutex busy_, mu_;
  std::condition_variable wake_, finished_;
  std::vector<std::thread> workers_;
  const std::function<void(int)>* job_ = nullptr;
  int active_ = 0, left_ = 0;
  long generation_ = 0;
};

}  // namespace

void team_run(int threads, const std::function<void(int)>& job) {
  static Team& team = *new Team;  // never destroyed: its detached workers may outlive main
  team.run(threads, job);
}

}  // namespace parlab
