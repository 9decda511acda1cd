#include "parlab/offload.hpp"

#include <dlfcn.h>
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

// cuDeviceGetName of CUDA device `ordinal`, through the libcuda that libgomp's nvptx plugin
// loaded (RTLD_NOLOAD: never loaded here); "" if it is not loaded or does not answer.
std::string cuda_device_name(int ordinal) {
  void* cuda = dlopen("libcuda.so.1", RTLD_NOW | RTLD_NOLOAD);
  if (!cuda) return "";
  using Init = int (*)(unsigned);
  using Get = int (*)(int*, int);
  using Name = int (*)(char*, int, int);
  const auto init = reinterpret_cast<Init>(dlsym(cuda, "cuInit"));
  const auto get = reinterpret_cast<Get>(dlsym(cuda, "cuDeviceGet"));
  const auto name = reinterpret_cast<Name>(dlsym(cuda, "cuDeviceGetName"));
  char text[256] = {};
  int device = 0;
  const bool ok = init && get && name && init(0) == 0 && get(&device, ordinal) == 0 &&
                  name(text, int(sizeof text) - 1, device) == 0;  // 0: CUDA_SUCCESS
  dlclose(cuda);
  return ok ? std::string(text) : std::string();
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

std::string offload_device_name() {
  static const std::string name =
      offload_device() == "host-fallback" ? std::string() : cuda_device_name(omp_get_default_device());
  return name;
}

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

void describe_offload(Record& r, const std::string& device) {
  if (device == "host-fallback") {
    r.notes.push_back({"offload", "host fallback: the target region ran on the host's OpenMP threads"});
  } else {
    r.roof = Roof::none;
    if (!offload_device_name().empty()) r.notes.push_back({"device_name", offload_device_name()});
  }
}

}  // namespace parlab
