// A dense, row-major matrix of doubles with 64-byte aligned storage.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace parlab {

class Matrix {
 public:
  Matrix() = default;
  Matrix(std::size_t rows, std::size_t cols);  // zero-filled
  Matrix(const Matrix& other);
  Matrix& operator=(const Matrix& other);
  Matrix(Matrix&&) noexcept = default;
  Matrix& operator=(Matrix&&) noexcept = default;

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return rows_ * cols_; }
  double* data() { return data_.get(); }
  const double* data() const { return data_.get(); }
  double* row(std::size_t i) { return data_.get() + i * cols_; }
  const double* row(std::size_t i) const { return data_.get() + i * cols_; }
  double& operator()(std::size_t i, std::size_t j) { return data_[i * cols_ + j]; }
  double operator()(std::size_t i, std::size_t j) const { return data_[i * cols_ + j]; }

  // The same storage seen as rows x cols: no copy, no zeroing (the elements are whatever
  // the storage held). rows * cols must fit in what the constructor allocated; throws
  // std::invalid_argument otherwise. A buffer reused for panels of several widths.
  void reshape(std::size_t rows, std::size_t cols);
  // rows x cols in this storage when it holds enough (reshape), else in new, zeroed
  // storage; the elements are unspecified either way. A buffer kept from call to call.
  void reuse(std::size_t rows, std::size_t cols);

  void zero();
  // Uniform values in [-1, 1) from a seeded generator: the same seed gives the same matrix.
  void fill_random(std::uint64_t seed);
  std::string shape() const;  // "3x4"

 private:
  bool fits(std::size_t rows, std::size_t cols) const;  // reshape can take it
  struct Free { void operator()(double* p) const; };
  std::size_t rows_ = 0, cols_ = 0, capacity_ = 0;
  std::unique_ptr<double[], Free> data_;
};

// Throws std::invalid_argument with both shapes unless C(m x n) = A(m x k) * B(k x n) fits.
void check_shapes(const Matrix& A, const Matrix& B, const Matrix& C);

}  // namespace parlab
