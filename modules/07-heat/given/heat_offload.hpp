// Module 07, offload: the stencil on an accelerator with OpenMP's `target` directives, and
// the lesson that moving the grids costs more than sweeping them. Built with the offload
// flags alone (parlab_07_offload, cmake/ParlabOffload.cmake): with GCC's nvptx back end the
// target regions run on an NVIDIA GPU, else on the host (OpenMP's fallback); every banner
// and record says which (parlab/offload.hpp).
#pragma once
#include <string>
#include <vector>

#include "heat.hpp"
#include "parlab/ladder.hpp"

namespace parlab::heat {

// Given: one step on the device, in's inside into out's (heat_point, the same arithmetic as
// every host rung). Its map clauses move in to the device and out to it and back, unless
// they are already there (present): then it moves nothing.
void sweep_device(const double* in, double* out, long nx, long ny, double a);
// Given: p.steps sweep_device steps from u into tmp, the grids swapped between steps, the final
// field in u. What each step moves depends only on what is present on the device already.
void heat_offload_steps(const Problem& p, Field& u, Field& tmp);
// Given, rung offload_naive: as a first offload port is written, heat_offload_steps on the
// host's grids alone, so each step maps both grids over and one back (24 bytes a point).
void heat_offload_naive(const Problem& p, Field& u, Field& tmp);

// Exercise 9 (exercises/heat_offload.cpp), rungs offload and offload_copies: the grids
// resident on the device around the given heat_offload_steps, the same loop as offload_naive.
// enter: u and tmp set to the initial field on the host and put on the device once (so the
// steps find them present and copy nothing); exit: u's final field back on the host, both
// released. The data mapping is the whole exercise.
void heat_offload_enter(const Problem& p, Field& u, Field& tmp);
void heat_offload_exit(Field& u, Field& tmp);

// The device's copy bandwidth, for the resident rung to be read against in the same run:
// STREAM's triad a = b + s*c on three resident arrays of `points` doubles, `passes` times
// (24 bytes an element a pass: two read, one written). Its values are small whole numbers,
// so a fused multiply-add gives the same bits as the host's mul and add: checked exactly.
struct DeviceTriad {
  std::vector<double> a, b, c;
  void enter(long points);   // filled on the host, b and c copied to the device, a allocated
  void run(int passes);      // on the resident arrays
  void exit();               // a back on the host, the three released
  bool correct() const;      // every a[i] == b[i] + 3*c[i]
  double bytes(int passes) const { return 24.0 * double(a.size()) * passes; }
};

// The check of an offload rung's final field u against the sequential ref. On the host
// fallback: bit for bit, as every rung. On a GPU the field may differ in its last bits: GCC 12's
// nvptx back end honours -ffp-contract=off but writes unrounded mul.f64 and add.f64, which
// ptxas (and the CUDA driver's JIT, libgomp's path) may fuse into one fma (PTX ISA, "mul":
// only .rn forbids it; ptxas --fmad=false shows it). Then max |u - ref| <= device_bound(p):
//  - each step's expression c + a*((n+s)+(w+e) - 4c) has at most 5 roundings on any path,
//    fused or not, so each evaluation is within gamma_5 * (|c| + a(|n|+|s|+|w|+|e|+4|c|))
//    <= gamma_5 (1+8a) T' of the exact value (Higham, Accuracy and Stability, 3.1;
//    gamma_5 = 5u/(1-5u), u = 2^-53), plus 2^-1071 for subnormals (7 operations of at
//    most 2^-1075 absolute error each);
//  - the exact step is a convex combination (weights 1-4a and a, a <= 1/4): it never widens
//    a difference, so two fields that differ by e differ by at most e + 2*(that) a step later;
//  - T' bounds every computed value: the hottest initial value T, grown at most (1+3gamma_5)
//    a step, below T(1+2^-20) for steps <= 2^24 (the CLI's limit).
// So after k steps: k * 2 * (gamma_5 (1+8a) T' + 2^-1071). A proof, not a tuned tolerance.
double device_bound(const Problem& p);
Verdict device_check(const Problem& p, const Field& u, const Field& ref, const std::string& device);

// The ladder's offload rungs: offload_naive (Fence::data_back: every step's copies timed),
// offload (transfers_excluded: the one upload and download untimed, the steps alone),
// offload_copies (data_back: the one upload and download timed) and device_triad
// (transfers_excluded, GB/s of triad traffic). `device`: offload_device(), read when a rung
// runs, once the driver has probed it (and set each rung's offload.device to it); ref: the
// sequential field, read when a rung is checked. Empty in the race build (offload_rungs_enabled()).
std::vector<Rung> offload_rungs(const Problem& p, Field& u, Field& tmp, const Field& ref, DeviceTriad& triad,
                                const std::string& device);

}  // namespace parlab::heat
