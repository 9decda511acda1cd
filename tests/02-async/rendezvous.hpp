// Proving that two things run at the same time without timing them: each side
// arrives and waits (with a generous timeout) for the other side. If the code
// under test runs them one after the other, the first one times out and the
// test fails; if they overlap, both see each other at once.
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>

class Rendezvous {
 public:
  explicit Rendezvous(int parties) : parties_(parties) {}
  // Returns true if all parties arrived within the timeout.
  bool arrive_and_wait(std::chrono::seconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(m_);
    if (++arrived_ >= parties_) cv_.notify_all();
    return cv_.wait_for(lock, timeout, [&] { return arrived_ >= parties_; });
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  int parties_, arrived_ = 0;
};
