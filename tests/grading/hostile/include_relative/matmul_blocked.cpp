// Hostile case: the instructor's solution, reached from the workspace by climbing to /
// with enough ../ and then down to the grader's repository (@REPO_REL@: its path
// without the leading /).
#include "../../../../../../../../../../../../../../../../@REPO_REL@/modules/01-sequential/exercises/matmul_blocked.cpp"
