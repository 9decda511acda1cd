// Keeps N threads busy forever (argv[1], default 2): one process that uses more cores
// than its item allows, for tests/grading/sandbox_limits.py (the CPU time limit).
#include <cstdlib>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 2;
  std::vector<std::thread> team;
  for (int t = 1; t < n; ++t)
    team.emplace_back([] {
      for (volatile unsigned long i = 0;; i = i + 1) {
      }
    });
  for (volatile unsigned long i = 0;; i = i + 1) {
  }
}
