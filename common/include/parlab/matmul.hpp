// The sequential matmul kernels that every rung builds on. C is m x n, A m x k, B k x n.
#pragma once
#include <cstddef>

#include "parlab/matrix.hpp"

namespace parlab {

// The textbook triple loop, i-j-k: the baseline of the ladder. C = A * B.
void matmul_naive(const Matrix& A, const Matrix& B, Matrix& C);

// C[i0:i1, j0:j1] += A[i0:i1, k0:k1] * B[k0:k1, j0:j1], computed by a library (Eigen,
// single-threaded), so that no given code shows module 01's answer.
// The building block of every blocked and parallel rung.
void matmul_tile(const Matrix& A, const Matrix& B, Matrix& C, std::size_t i0, std::size_t i1,
                 std::size_t k0, std::size_t k1, std::size_t j0, std::size_t j1);

// C[r0:r1, :] = A[r0:r1, :] * B: the rows of C that one worker owns (zeroes them first).
void matmul_rows(const Matrix& A, const Matrix& B, Matrix& C, std::size_t r0, std::size_t r1);

// The sequential reference rung of modules 03 and 04: all rows with matmul_rows.
void matmul_seq(const Matrix& A, const Matrix& B, Matrix& C);

}  // namespace parlab
