// Hostile case: the instructor's solution, included by its absolute path in the
// grader's repository (@REPO@ is replaced by that path when the case is laid out).
#include "@REPO@/modules/01-sequential/exercises/matmul_blocked.cpp"
