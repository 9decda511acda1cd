#include "parlab/blas_info.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ostream>

#include "parlab/report.hpp"

#ifdef PARLAB_HAVE_OPENBLAS_INFO
extern "C" char* openblas_get_config(void);
extern "C" char* openblas_get_corename(void);
#endif

namespace parlab {

namespace {
std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}
const char* level_name(int level) {
  static const char* names[] = {"SSE", "AVX", "AVX2", "AVX-512"};
  return level >= 0 && level <= 3 ? names[level] : "unknown";
}
// An OpenBLAS core name that has the best kernel for each level.
const char* best_core(int level) { return level >= 3 ? "SkylakeX" : level == 2 ? "Haswell" : "Sandybridge"; }
}  // namespace

int blas_core_level(const std::string& core) {
  const std::string c = lower(core);
  for (const char* n : {"skylakex", "cooperlake", "sapphirerapids"})
    if (c == n) return 3;
  for (const char* n : {"haswell", "zen"})
    if (c == n) return 2;
  for (const char* n : {"sandybridge", "bulldozer", "piledriver", "steamroller", "excavator"})
    if (c == n) return 1;
  for (const char* n : {"prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "opteron", "opteron_sse3",
                        "barcelona", "bobcat", "nano", "katmai", "coppermine", "northwood", "banias"})
    if (c == n) return 0;
  return -1;
}

int cpu_simd_level() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return 3;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 2;
  if (__builtin_cpu_supports("avx")) return 1;
  return 0;
#else
  return -1;  // not x86: OpenBLAS's core names there are not ranked here
#endif
}

std::string blas_kernel_warning(const std::string& core, int cpu_level, const std::string& forced) {
  const int level = blas_core_level(core);
  if (level < 0 || cpu_level < 0 || level >= cpu_level) return {};
  std::string w = std::string("warning: OpenBLAS runs its ") + core + " kernel (" + level_name(level) + ") on a CPU with " +
                  level_name(cpu_level) + ": ";
  if (!forced.empty())
    return w + "OPENBLAS_CORETYPE=" + forced + " forces it; unset OPENBLAS_CORETYPE (or set it to " +
           best_core(cpu_level) + ") for the fast kernel (make bench does)";
  // OpenBLAS picks its kernel from the CPU's model; a virtual machine that hides the model
  // (or a CPU newer than the library) gets an old one although the library may hold the best.
  return w + "OpenBLAS did not recognise this CPU (a virtual machine often hides its model): OPENBLAS_CORETYPE=" +
         best_core(cpu_level) + " selects the fast kernel where this OpenBLAS has it (a DYNAMIC_ARCH build does), "
         "else a newer OpenBLAS would be faster";
}

BlasInfo blas_info() {
  BlasInfo b;
#if defined(PARLAB_HAVE_OPENBLAS_INFO)
  b.library = openblas_get_config();
  b.core = openblas_get_corename();
  const char* forced = std::getenv("OPENBLAS_CORETYPE");
  b.warning = blas_kernel_warning(b.core, cpu_simd_level(), forced ? forced : "");
#elif defined(PARLAB_HAVE_BLAS)
  b.library = "a CBLAS that is not OpenBLAS (" PARLAB_BLAS_NAME ")";
  b.core = "unknown";
#else
  b.library = "none";
  b.core = "none";
#endif
  return b;
}

std::string blas_context_json() {
  const BlasInfo b = blas_info();
  return "{\"library\": \"" + json_escape(b.library) + "\", \"core\": \"" + json_escape(b.core) + "\"}";
}

void print_blas_info(std::ostream& os) {
  const BlasInfo b = blas_info();
  os << "BLAS: " << b.library << " (kernel " << b.core << ")\n";
  if (!b.warning.empty()) os << b.warning << '\n';
}

}  // namespace parlab
