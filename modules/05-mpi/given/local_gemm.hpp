// The local product of every MPI rung, as real distributed codes do it: each rank runs a
// tuned DGEMM on its blocks (ScaLAPACK's PDGEMM and SUMMA in practice). Provided, not an
// exercise. With a slow local kernel, communication looks cheap - exactly wrong.
//   blas   the BLAS dgemm parlab was built with (OpenBLAS), one thread per call
//   eigen  Eigen's product on the same memory, Eigen's own threads off: where no BLAS is found
// local_matmul, local_matmul_rows and local_matmul_acc (mpi.hpp) use the kernel chosen here.
#pragma once
#include <string>

namespace parlab::mpi05 {

enum class LocalKernel { blas, eigen };

// blas where parlab was built with one, else eigen.
LocalKernel default_local_kernel();
// "blas" | "eigen"; throws usage_error naming --kernel (also for blas in a build without one).
LocalKernel parse_local_kernel(const std::string& name);
const char* kernel_name(LocalKernel k);

// The kernel of every later local product in this process (all threads).
void use_local_kernel(LocalKernel k);
LocalKernel local_kernel();

}  // namespace parlab::mpi05
