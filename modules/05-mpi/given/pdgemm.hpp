// ScaLAPACK's PDGEMM: the distributed matmul of the libraries, as the reference rung of
// mpi_matmul. Same process grid as SUMMA (the BLACS grid is built on the Grid's Cartesian
// communicator), 2-D block-cyclic distribution with nb x nb blocks (nb: SUMMA's panel width).
// Provided, not an exercise. Needs ScaLAPACK at build time (have_scalapack()).
#pragma once
#include "mpi.hpp"

namespace parlab::mpi05 {

bool have_scalapack();

// A BLACS process grid on g's ranks: grid position (i, j) is the same rank as in g.
class BlacsGrid {
 public:
  explicit BlacsGrid(const Grid& g);  // collective over g.cart; throws if !have_scalapack()
  ~BlacsGrid();
  BlacsGrid(const BlacsGrid&) = delete;
  BlacsGrid& operator=(const BlacsGrid&) = delete;
  const Grid& grid;
  int context = -1;

 private:
  int system_handle_ = -1;
};

// C = A * B with PDGEMM: the root scatters A and B block-cyclically, every rank calls
// pdgemm_, the root gathers C. Collective over the grid; A, B, C matter on the root only.
void matmul_pdgemm(const Matrix& A, const Matrix& B, Matrix& C, const BlacsGrid& bg, long nb);

}  // namespace parlab::mpi05
