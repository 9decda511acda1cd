# OpenMP target offload: can this compiler build `#pragma omp target` regions for an NVIDIA GPU?
# GCC does with its nvptx back end (Debian 12: gcc-12-offload-nvptx, matching the default g++;
# tools/install-deps.sh installs it), no CUDA toolkit needed; the NVIDIA driver's libcuda is
# the only run-time need. Without it the same regions run on the host (OpenMP's fallback).
#
# The offload flags go only to the libraries made with parlab_offload_library (the offload
# kernels, common's device probe) and to the links of what uses them, never to the whole
# project: the race build (clang), the MPICH build and every other object are unaffected.
#   PARLAB_OFFLOAD       option: use the offload compiler where one works (ON)
#   PARLAB_OFFLOAD_NVPTX result: ON when the offload libraries are built for the GPU
option(PARLAB_OFFLOAD "Build the offload rungs for an NVIDIA GPU where the compiler can (GCC nvptx)" ON)

set(PARLAB_OFFLOAD_NVPTX OFF)
set(_parlab_offload_compile "")
set(_parlab_offload_link "")
if(OpenMP_CXX_FOUND)
  set(_why "")
  if(NOT PARLAB_OFFLOAD)
    set(_why "PARLAB_OFFLOAD=OFF")
  elseif(PARLAB_STATIC)
    set(_why "a static build cannot load libgomp's nvptx plugin")
  elseif(PARLAB_RACECHECK)
    set(_why "the race build checks the host code only")
  elseif(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    set(_why "${CMAKE_CXX_COMPILER_ID} is not GCC (only GCC's nvptx back end is set up here)")
  else()
    include(CheckCXXSourceCompiles)
    # A target region that must compile and link with the nvptx back end. GCC's default PTX
    # ISA (sm_35 in GCC 12) is refused by the ptxas of CUDA >= 12 when one is on PATH (nvptx-as
    # then verifies with it): sm_80 is the fallback (Ampere and newer; H100/H200 JIT it).
    set(_probe [=[
#include <omp.h>
int main() {
  int host = 1;
#pragma omp target map(from: host)
  host = omp_is_initial_device();
  return host < 0;
}]=])
    foreach(_isa "" "sm_80")
      set(_link -foffload=nvptx-none -no-pie)
      if(_isa)
        list(APPEND _link "-foffload-options=nvptx-none=-misa=${_isa}")
      endif()
      set(CMAKE_REQUIRED_FLAGS "${OpenMP_CXX_FLAGS} -foffload=nvptx-none")
      set(CMAKE_REQUIRED_LINK_OPTIONS ${OpenMP_CXX_FLAGS} ${_link})
      set(CMAKE_REQUIRED_QUIET ON)
      check_cxx_source_compiles("${_probe}" PARLAB_OFFLOAD_NVPTX_${_isa}OK)
      unset(CMAKE_REQUIRED_FLAGS)
      unset(CMAKE_REQUIRED_LINK_OPTIONS)
      unset(CMAKE_REQUIRED_QUIET)
      if(PARLAB_OFFLOAD_NVPTX_${_isa}OK)
        set(PARLAB_OFFLOAD_NVPTX ON)
        set(_parlab_offload_compile -foffload=nvptx-none)
        # -fopenmp at the link too: CMake links OpenMP as libgomp alone, and GCC's driver adds
        # the offload tables' start and end (crtoffloadbegin/end.o) only with -fopenmp.
        set(_parlab_offload_link ${OpenMP_CXX_FLAGS} ${_link})
        break()
      endif()
    endforeach()
    if(NOT PARLAB_OFFLOAD_NVPTX)
      set(_why "${CMAKE_CXX_COMPILER} cannot offload to nvptx (Debian/Ubuntu: tools/install-deps.sh installs gcc-N-offload-nvptx for g++ N)")
    endif()
  endif()
  if(PARLAB_OFFLOAD_NVPTX)
    message(STATUS "parlab: OpenMP offload to NVIDIA GPUs enabled (${_parlab_offload_link}); the offload rungs say where they ran")
  else()
    message(STATUS "parlab: OpenMP offload skipped (${_why}): the offload rungs build and run on the host (device: host-fallback)")
    # A GCC that has an offload back end would still try it for a target region by default.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      set(_parlab_offload_compile -foffload=disable)
      set(_parlab_offload_link -foffload=disable)
    endif()
  endif()
endif()

# A static library of offload code: the offload flags on its sources, and on the links of
# the programs that use it (GCC builds the device code at link time, mkoffload).
function(parlab_offload_library name)
  add_library(${name} STATIC ${ARGN})
  target_link_libraries(${name} PUBLIC parlab::common OpenMP::OpenMP_CXX)
  target_compile_options(${name} PRIVATE ${_parlab_offload_compile})
  target_link_options(${name} INTERFACE ${_parlab_offload_link})
endfunction()
