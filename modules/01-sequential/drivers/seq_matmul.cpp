// Driver: the sequential matmul ladder, every rung side by side (eigen and openblas follow).
#include "parlab/driver.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/matmul.hpp"
#include "sequential.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  return run_matmul_driver(
      argc, argv,
      {.module = "01-sequential",
       .program = "seq_matmul",
       .about = "The sequential matmul ladder: loop order and cache blocking.",
       .rungs = {{"naive", "i-j-k triple loop: the baseline", [](auto& A, auto& B, auto& C, int) { matmul_naive(A, B, C); }},
                 {"interchange", manifest::about("unit-stride loop order", manifest::label("seq_matmul", "interchange")),
                  [](auto& A, auto& B, auto& C, int) { seq::matmul_interchange(A, B, C); }},
                 {"blocked", manifest::about("cache-blocked tiles", manifest::label("seq_matmul", "blocked")), [](auto& A, auto& B, auto& C, int) { seq::matmul_blocked(A, B, C); }}},
       .baseline = "naive",
       .default_n = 512});
}
