// Hostile case: the assembler's .incbin pulls the rubric (the hand-graded questions'
// expected answers) into the object at build time, and the exercise throws it, so the
// test's failure message carries it into the student's results.
#include <stdexcept>

#include "parlab/error.hpp"
#include "sequential.hpp"

asm(".section .rodata\n.global parlab_leak\nparlab_leak:\n"
    ".incbin \"@REPO@/grading/rubrics/01-sequential.json\"\n.byte 0\n.previous\n");
extern "C" const char parlab_leak[];

namespace parlab::seq {
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C) {
  check_shapes(A, B, C);
  throw std::runtime_error(parlab_leak);
}
}  // namespace parlab::seq
