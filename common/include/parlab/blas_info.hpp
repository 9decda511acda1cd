// Which BLAS library and which kernel ("core") a run used. A reference rung that silently
// runs a slow kernel makes every ratio against it wrong: OpenBLAS picks its kernel at
// start-up from the CPU, unless OPENBLAS_CORETYPE forces one (this machine's environment
// sets Haswell, the AVX2 kernel, on an AVX-512 CPU). Drivers print it; JSON records it.
#pragma once
#include <iosfwd>
#include <string>

namespace parlab {

struct BlasInfo {
  std::string library;  // "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ... Haswell MAX_THREADS=64", or "none"
  std::string core;     // the kernel that runs: "Haswell", "SkylakeX", ... ("unknown" if the BLAS cannot say)
  std::string warning;  // one line when the kernel is below what the CPU supports, else empty
};

BlasInfo blas_info();

// {"library": "...", "core": "..."}: the "blas" member of every JSON file's context.
std::string blas_context_json();

// "BLAS: <library> (kernel <core>)" and, if any, the warning line. For drivers with a BLAS rung.
void print_blas_info(std::ostream& os);

// The SIMD width of an OpenBLAS core name (case-insensitive): 3 AVX-512, 2 AVX2, 1 AVX,
// 0 older, -1 unknown name. And of this CPU, from the instructions it reports.
int blas_core_level(const std::string& core);
int cpu_simd_level();

// The warning for `core` on a CPU of `cpu_level` (empty if none is due); `forced` is the
// value of OPENBLAS_CORETYPE, or empty if it is not set. Pure, so tests can check it.
std::string blas_kernel_warning(const std::string& core, int cpu_level, const std::string& forced);

}  // namespace parlab
