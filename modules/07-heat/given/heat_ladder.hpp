// The heat workload on the ladder framework (docs/design.md, "How to add a workload"): the
// options, banner words and record of the problem, the check against the oracle, and the
// heat maps of the tour. Both drivers (heat_stencil, mpi_heat) build their ladders here.
#pragma once
#include <string>

#include "heat.hpp"
#include "parlab/cli.hpp"
#include "parlab/ladder.hpp"

namespace parlab::heat {

// --nx --ny --steps --alpha, with their ranges.
Cli& add_problem_options(Cli& cli, Problem& p);
// "nx=1024 ny=1024 steps=100 alpha=0.2": the banner's words for the problem.
std::string problem_params(const Problem& p);
// The ladder: sizes nx, ny, steps; flops and bytes (run_flops, run_bytes), roof = memory,
// rate in GB/s of counted traffic; u and tmp poisoned (NaN) before every checked run and u
// compared bit for bit with `ref` after it. `here` false: this MPI rank holds no field.
Ladder heat_ladder(const Problem& p, Field& u, Field& tmp, const Field& ref, bool here = true);
// u against ref bit for bit: the first point that differs (NaN, the poison, never passes).
Verdict compare_fields(const Field& u, const Field& ref);
// The oracle's final field; with a folder, `frames` heat maps of evenly spaced steps in it
// (frame_0000.png, ...: tools/animate.sh makes the animation), each path printed.
Field reference_with_frames(const Problem& p, const std::string& dir, int frames);

}  // namespace parlab::heat
