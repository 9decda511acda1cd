// Module 04, offload: the matmul on an accelerator with OpenMP's `target` directives.
// Built with the offload flags alone (parlab_04_offload, cmake/ParlabOffload.cmake): with
// GCC's nvptx back end the target regions run on an NVIDIA GPU, else on the host (OpenMP's
// fallback); every banner and record says which (parlab/offload.hpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "parlab/driver.hpp"
#include "parlab/matrix.hpp"

namespace parlab::omp {

// C = A * B in a target region on the default device. Its map clauses move A and B to the
// device and C back, unless they are already there (offload_enter): then they find them
// present and move nothing, so one kernel is timed with and without its copies.
// Given: one row of C per device thread (`target teams distribute parallel for`).
void matmul_offload(const Matrix& A, const Matrix& B, Matrix& C);
// Exercise 9 (matmul_offload_tuned.cpp): the same product with a loop mapping you choose
// over teams, threads and simd lanes.
void matmul_offload_tuned(const Matrix& A, const Matrix& B, Matrix& C);

// The data mapped once: A and B copied to the device and C allocated there (target enter
// data)...
void offload_enter(const Matrix& A, const Matrix& B, const Matrix& C);
// ...and C copied back, the three released (target exit data).
void offload_exit(const Matrix& A, const Matrix& B, Matrix& C);

using Kernel = void (*)(const Matrix& A, const Matrix& B, Matrix& C);
// One kernel as two rungs of omp_matmul: `name` with the data resident (the device's work
// alone, Fence::transfers_excluded: offload_enter and offload_exit untimed around each run)
// and `copies_name` (its maps copy A and B in and C out inside the timed region,
// Fence::data_back). `label`: the manifest's, for both; `device` (offload_device()) is read
// when a rung is selected, once the driver has probed it.
std::vector<MatmulRung> offload_pair(const std::string& name, const std::string& copies_name, const std::string& what,
                                     std::string_view label, Kernel kernel, const std::string& device);

}  // namespace parlab::omp
