// Module 01 exercises: the sequential matmul ladder.
#pragma once
#include <cstddef>

#include "parlab/matrix.hpp"

namespace parlab::seq {

// Exercise 1: the naive loops reordered so the innermost one has unit stride. C = A * B.
void matmul_interchange(const Matrix& A, const Matrix& B, Matrix& C);

// Exercise 2: cache blocking. Tile sizes (rows of C, depth, columns of C):
// a bk x bj tile of B should stay in the L2 cache while it is reused.
struct Blocking {
  std::size_t bi = 64, bk = 128, bj = 512;
};
void matmul_blocked(const Matrix& A, const Matrix& B, Matrix& C, Blocking b = {});

}  // namespace parlab::seq
