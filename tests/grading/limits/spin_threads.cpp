// Keeps N threads busy forever (argv[1], default 2): one process that uses more cores
// than its item allows, for tests/grading/sandbox_limits.py (the CPU time limit).
#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

namespace {
[[noreturn]] void spin() {
  std::atomic<unsigned long> i{0};  // an atomic: the loop is not optimised away
  for (;;) i.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 2;
  std::vector<std::thread> team;
  for (int t = 1; t < n; ++t) team.emplace_back(spin);
  spin();
}
