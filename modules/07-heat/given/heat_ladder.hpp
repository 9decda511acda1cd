// The heat workload on the ladder framework (docs/design.md, "How to add a workload"): the
// options, banner words and record of the problem, the check against the oracle, and the
// heat maps of the tour. Both drivers (heat_stencil, mpi_heat) build their ladders here.
#pragma once
#include <cstdint>
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
// Every timed run of the ladder's rungs (Ladder::refresh, verify), not only the checked one:
// before it p gets a fresh seed (its inside drawn anew, Problem::seed), after it u is checked
// bit for bit at points drawn at random (check_light_cones). Before each checked run p is back
// as it was given, seed 0 (the oracle's field). A rung that keeps a field from an earlier run
// (a cache keyed on its input) fails. `here` false: this MPI rank holds no field; p is still
// reseeded (every rank makes its own block from it). Call it after heat_ladder: it keeps that
// poison, and a copy of p as given (a rung that changes p through a cast changes no check).
void fresh_fields(Ladder& l, Problem& p, const Field& u, bool here = true);
// How many points a timed run's check samples.
inline constexpr int kSampledPoints = 16;
// u after p's run, checked at kSampledPoints points drawn from `draw`, each against
// light_cone_value; where the cones cost more updates than the whole run, against
// reference_run(p) at every point. Exact either way: a stale or partial field fails.
Verdict check_light_cones(const Problem& p, const Field& u, std::uint64_t draw);
// The banner's words for it: "inputs=fresh verify=16pts".
std::string fresh_params();
// u against ref bit for bit: the first point that differs (NaN, the poison, never passes).
Verdict compare_fields(const Field& u, const Field& ref);
// The oracle's final field; with a folder, `frames` heat maps of evenly spaced steps in it
// (frame_0000.png, ...: tools/animate.sh makes the animation), each path printed.
Field reference_with_frames(const Problem& p, const std::string& dir, int frames);

}  // namespace parlab::heat
