// Where OpenMP target regions run in this process (the offload rungs' Offload::device).
// Built into parlab_offload with the offload flags (cmake/ParlabOffload.cmake): with GCC's
// nvptx back end its target region can reach an NVIDIA GPU; without one, OpenMP runs it on
// the host (the fallback) and says so.
#pragma once
#include <string>

#include "parlab/report.hpp"

namespace parlab {

// "host-fallback" when target regions run on the host (no offload compiler, no GPU or no
// NVIDIA driver, OMP_TARGET_OFFLOAD=DISABLED), else "nvptx:<device number>" (an NVIDIA GPU
// through GCC's nvptx plugin). Found by running a target region on the default device and
// asking omp_is_initial_device() inside it (omp_get_num_devices() alone is 0 before GCC's
// plugin is loaded). Asked once per process.
// Throws std::runtime_error when OMP_TARGET_OFFLOAD=MANDATORY asks for a device and the region
// ran on the host: GCC 12's libgomp falls back silently there, and a record that claims a
// device run must not come from the host.
std::string offload_device();

// The GPU's model ("NVIDIA H200") when offload_device() found one, asked of NVIDIA's driver
// (libcuda, already loaded by libgomp's plugin; OpenMP device N is CUDA device N there);
// empty on the host fallback or when the driver does not say. Call offload_device() first.
std::string offload_device_name();

// An offload rung's record, where it ran: on the host fallback a note saying so (the region
// ran on the host's OpenMP threads, whatever the record's threads say); on a GPU no roof (a
// GPU's rate against the CPU's would mean nothing) and the note device_name.
void describe_offload(Record& r, const std::string& device);

// Whether drivers offer their offload rungs: false only in the race build (PARLAB_RACECHECK),
// where LLVM 14's Archer crashes on the host fallback's `teams` region, and the race check
// has nothing to check in them (their parallelism is the device's).
bool offload_rungs_enabled();

}  // namespace parlab
