// The local product of every MPI rung, as real distributed codes do it: each rank runs a
// tuned DGEMM on its blocks (ScaLAPACK's PDGEMM and SUMMA in practice). Provided, not an
// exercise. With a slow local kernel, communication looks cheap - exactly wrong.
//   blas   the BLAS dgemm parlab was built with (OpenBLAS), one thread per call
//   eigen  Eigen's product on the same memory, Eigen's own threads off
//   auto   (the default) whichever of the two this build has runs faster on this machine,
//          measured at start-up: a BLAS can lack a kernel for a new CPU and fall back to a
//          slow generic one, so neither is the better one everywhere
// local_matmul, local_matmul_rows and local_matmul_acc (mpi.hpp) use the kernel chosen here.
#pragma once
#include <mpi.h>

#include <string>

namespace parlab::mpi05 {

enum class LocalKernel { blas, eigen };

// blas where parlab was built with one, else eigen.
LocalKernel default_local_kernel();
// "blas" | "eigen"; throws usage_error naming --kernel (also for blas in a build without one).
LocalKernel parse_local_kernel(const std::string& name);
const char* kernel_name(LocalKernel k);

// What --kernel chose and why, for the banner and the record.
struct KernelChoice {
  LocalKernel kernel = LocalKernel::eigen;
  bool measured = false;              // auto: the rates below decided; else forced by --kernel
  double blas_gflops = 0, eigen_gflops = 0;  // measured rates (0: not measured, or no BLAS)
  std::string summary() const;        // "eigen (auto: blas 16.6, eigen 74.0 GFLOP/s)"
  std::string json() const;           // {"kernel": ..., "why": "auto"|"forced", "gflops": {...}}
};
// The shape of the product auto times: one SUMMA panel update (rows x depth) * (depth x cols).
inline constexpr int probe_rows = 256, probe_depth = 256, probe_cols = 1024;

// --kernel auto | blas | eigen, collective over comm: every rank calls it with the same
// text. auto: rank 0 times each kernel this build has on the probe product (untimed
// start-up, tens of milliseconds), takes the faster and broadcasts it, so every rank runs
// the same kernel. Throws usage_error (on every rank alike) for another name or blas
// without a BLAS. Installs the choice (use_local_kernel) and returns it.
KernelChoice choose_local_kernel(const std::string& option, MPI_Comm comm);

// The kernel of every later local product in this process (all threads).
void use_local_kernel(LocalKernel k);
LocalKernel local_kernel();

}  // namespace parlab::mpi05
