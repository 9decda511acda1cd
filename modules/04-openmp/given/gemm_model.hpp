// Which tile and blocks the `tiled` rung uses on this machine, and why.
//
//   the model   derived from the machine (BLIS's analytical model, simplified): the
//               build's vector width and register count choose the register tile, the
//               cache sizes the blocks (gemm_model.cpp says how);
//   tuned       what `make tune` (omp_gemm_tune) measured fastest here, stored in the
//               build folder (build/release/tune.json) and read at start;
//   override    PARLAB_GEMM="14x16 unroll=1 mc=112 kc=640 nc=3072" (any subset).
// An override beats the tune file, which beats the model. A tune file that cannot be read,
// names a tile this build lacks, or was made for another CPU or build is refused with a
// message, and the model is used.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "gemm_kernel.hpp"

namespace parlab::omp::kernel {

struct Machine {
  std::string cpu;                 // /proc/cpuinfo's model name
  std::size_t vector_doubles = 2;  // one vector register of the build's target: 8 (AVX-512), 4 (AVX), 2
  int vector_registers = 16;       // 32 (AVX-512, Arm), 16 (AVX, SSE)
  bool cpu_avx512 = false;         // the CPU, at run time (a build may target less)
  int fma_latency = 4, fma_units = 2;  // not readable: x86 cores since Haswell (PARLAB_FMA="4x2")
  std::string fma_from = "assumed";    // or "PARLAB_FMA"
  std::size_t l1d = 0, l2 = 0, l3 = 0; // bytes; l1d and l2 per core, l3 the whole
  std::string caches_from;             // "sysfs", "sysconf" or "assumed"
};
Machine this_machine();

// Vector registers one tile needs on `m`: its accumulators, one row of B and a broadcast of A.
std::size_t registers_needed(const MicroTile& t, const Machine& m);
// The tile's FMAs per double it loads, mr nr / (mr + nr): what a bigger tile buys.
double intensity(const MicroTile& t);

struct Model {
  Params params;
  std::vector<std::string> why;  // one line per decision, with its numbers
};
Model model(const Machine& m);

// The tiles worth trying on `m`, best first by the model (those that fit its registers).
std::vector<MicroTile> feasible_tiles(const Machine& m);

struct Choice {
  Params params;
  std::string source;  // "model", "tuned" or "override"
  std::string note;    // why not the tune file, where it came from; empty if nothing to say
};
// PARLAB_GEMM's text over `base` (keys: a tile "14x16", unroll=, mc=, kc=, nc=); throws
// usage_error for a bad one.
Params apply_override(Params base, const std::string& text);
// The tune file's text -> its parameters, if it is whole, for this machine and this build;
// else nullopt-like: `why` says what is wrong and the result is the model's.
bool read_tune(const std::string& text, const Machine& m, Params& out, std::string& why);
std::string tune_json(const Params& p, const Machine& m);
// The choice for a process: `override_text` (PARLAB_GEMM; empty: none) over the tune file
// at `tune_path` (missing: the model, said in the note only when it was asked for by name).
Choice choose(const Machine& m, const std::string& tune_path, const std::string& override_text);
// The tune file next to the programs: <folder of this executable>/../tune.json, or
// PARLAB_GEMM_TUNE's path.
std::string default_tune_path();
// This process's choice, made once (this_machine, default_tune_path, PARLAB_GEMM).
const Choice& machine_params();
// The choice as a JSON object for the records' context.
std::string choice_json(const Choice& c);

}  // namespace parlab::omp::kernel
