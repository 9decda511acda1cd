#include "parlab/matrix.hpp"

#include <cstdlib>
#include <cstring>
#include <new>
#include <random>
#include <stdexcept>

namespace parlab {

void Matrix::Free::operator()(double* p) const { std::free(p); }

Matrix::Matrix(std::size_t rows, std::size_t cols) : rows_(rows), cols_(cols), capacity_(rows * cols) {
  if (rows == 0 || cols == 0) throw std::invalid_argument("Matrix: rows and cols must be >= 1");
  std::size_t bytes = rows * cols * sizeof(double);
  bytes = (bytes + 63) / 64 * 64;  // aligned_alloc wants a multiple of the alignment
  auto* p = static_cast<double*>(std::aligned_alloc(64, bytes));
  if (!p) throw std::bad_alloc();
  std::memset(p, 0, bytes);
  data_.reset(p);
}

Matrix::Matrix(const Matrix& o) : Matrix() {
  if (o.size()) {
    *this = Matrix(o.rows_, o.cols_);
    std::memcpy(data(), o.data(), o.size() * sizeof(double));
  }
}

Matrix& Matrix::operator=(const Matrix& o) {
  if (this != &o) *this = Matrix(o);
  return *this;
}

bool Matrix::fits(std::size_t rows, std::size_t cols) const {
  return data_ && rows != 0 && cols != 0 && rows <= capacity_ && rows * cols <= capacity_;
}

void Matrix::reshape(std::size_t rows, std::size_t cols) {
  if (!fits(rows, cols))
    throw std::invalid_argument("Matrix::reshape: " + std::to_string(rows) + "x" + std::to_string(cols) +
                                " does not fit in the " + std::to_string(capacity_) + " elements allocated");
  rows_ = rows, cols_ = cols;
}

void Matrix::reuse(std::size_t rows, std::size_t cols) {
  if (fits(rows, cols))
    rows_ = rows, cols_ = cols;
  else
    *this = Matrix(rows, cols);
}

void Matrix::zero() {
  if (size()) std::memset(data(), 0, size() * sizeof(double));
}

void Matrix::fill_random(std::uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  for (std::size_t i = 0; i < size(); ++i) data_[i] = dist(gen);
}

std::string Matrix::shape() const { return std::to_string(rows_) + "x" + std::to_string(cols_); }

void check_shapes(const Matrix& A, const Matrix& B, const Matrix& C) {
  if (A.cols() != B.rows() || C.rows() != A.rows() || C.cols() != B.cols())
    throw std::invalid_argument("matmul shape mismatch: A is " + A.shape() + ", B is " + B.shape() +
                                ", C is " + C.shape() +
                                " (need A m x k, B k x n, C m x n)");
}

}  // namespace parlab
