// What every timed run of the matmul and render ladders gets (Ladder::refresh, verify),
// not only the checked one: inputs drawn afresh and a poisoned output before it, a cheap
// check after it. So a rung that reuses earlier work (a cache of products or frames, a run
// that does nothing unless it finds the checked run's poison) fails instead of timing a copy.
#pragma once
#include <vector>

#include "parlab/image.hpp"
#include "parlab/ladder.hpp"
#include "parlab/matrix.hpp"
#include "parlab/render.hpp"

namespace parlab {

// Before each timed run, A and B are drawn afresh (in place: the rung's own matrices) and
// C is filled with other random numbers; after it, C must pass Freivalds' check against
// the A and B drawn, kept apart (a rung that writes into A or B does not move the goal).
// `here` false: this MPI rank holds no matrices; the hooks exist but do nothing.
void fresh_products(Ladder& l, Matrix& A, Matrix& B, Matrix& C, bool here = true);

// Before each timed run, the animation is reseeded (on every rank: each renders its own
// share) and the frames filled with noise; after it, randomly sampled pixels must equal
// the sequential shader's (of a copy kept apart). Before each checked run the reference
// draw (seed 0) is back, the one its bit-for-bit check compares with. Call it after
// expect_frames (it keeps that poison).
void fresh_frames(Ladder& l, Animation& anim, std::vector<Image>& frames, bool here = true);

}  // namespace parlab
