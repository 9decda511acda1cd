#include "parlab/offload.hpp"

#include <omp.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>

namespace parlab {

namespace {

bool offload_mandatory() {
  const char* v = std::getenv("OMP_TARGET_OFFLOAD");
  std::string s = v ? v : "";
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
  return s == "MANDATORY";
}

std::string probe() {
  int host = 1;
#pragma omp target map(from : host)
  host = omp_is_initial_device();
  if (!host) return "nvptx:" + std::to_string(omp_get_default_device());
  if (offload_mandatory())
    throw std::runtime_error(
        "OMP_TARGET_OFFLOAD=MANDATORY, but the target region ran on the host: no offload device here ("
        + std::to_string(omp_get_num_devices()) + " devices; a GPU, its driver's libcuda and a build with "
        "the nvptx offload compiler are needed). Unset it, or set OMP_TARGET_OFFLOAD=DISABLED, to run on the host");
  return "host-fallback";
}

}  // namespace

bool offload_rungs_enabled() {
#ifdef PARLAB_OFFLOAD_RACE_BUILD
  return false;
#else
  return true;
#endif
}

std::string offload_device() {
  static const std::string where = probe();  // a throw is not cached: asked again, it throws again
  return where;
}

}  // namespace parlab
