// Driver: the sequential matmul ladder, every rung side by side.
#include "parlab/driver.hpp"
#include "parlab/matmul.hpp"
#include "sequential.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  MatmulDriver d;
  d.module = "01-sequential";
  d.program = "seq_matmul";
  d.about = "The sequential matmul ladder: loop order and cache blocking.";
  d.rungs = {
      {"naive", "i-j-k triple loop: the baseline", [](auto& A, auto& B, auto& C, int) { matmul_naive(A, B, C); }},
      {"interchange", "unit-stride loop order (exercise 1)", [](auto& A, auto& B, auto& C, int) { seq::matmul_interchange(A, B, C); }},
      {"blocked", "cache-blocked tiles (exercise 2)", [](auto& A, auto& B, auto& C, int) { seq::matmul_blocked(A, B, C); }},
  };
  for (auto& r : reference_matmul_rungs()) d.rungs.push_back(r);
  d.baseline = "naive";
  d.default_n = 512;
  return run_matmul_driver(argc, argv, d);
}
