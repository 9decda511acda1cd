// The two workloads' ladders on the framework (parlab/ladder.hpp): matmul and the
// rendered animation. A module's driver lists its rungs and calls run_matmul_driver or
// run_render_driver; the MPI matmul drivers call run_matmul_driver with their team, the
// MPI render drivers use the same checks (expect_frames). docs/design.md: how to add a workload.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "parlab/image.hpp"
#include "parlab/ladder.hpp"
#include "parlab/matrix.hpp"
#include "parlab/render.hpp"

namespace parlab {

// ---- matmul ------------------------------------------------------------------
// C = A * B with `threads` workers (sequential rungs ignore it).
using MatmulFn = std::function<void(const Matrix& A, const Matrix& B, Matrix& C, int threads)>;

struct MatmulRung {
  std::string name;
  std::string about;     // one line for --help
  MatmulFn fn;
  bool threaded = false; // run at every --threads count, else once with 1
  std::function<int(int)> team = nullptr;  // the threads it really runs (Rung::team); empty: the driver's
  int ranks = 0;                              // Rung::on_ranks (1: the root alone, a baseline)
  std::function<void(Record&)> describe = nullptr;  // its own record fields (Rung::described_by)
  // An offload rung: its device and fence (Rung::on_device, docs/design.md), made from the
  // matrices its hooks move, after the driver's prepare; only when the rung is selected.
  std::function<Offload(const Matrix& A, const Matrix& B, Matrix& C)> device = nullptr;
};

struct MatmulDriver {
  std::string module;    // "01-sequential"
  std::string program;   // the executable's name, for --help
  std::string about;
  std::vector<MatmulRung> rungs;
  std::string baseline;  // speedups are relative to this rung at 1 thread (default: the first)
  long default_n = 256;
  std::vector<int> default_threads{1};
  // The threads a threaded rung really runs when asked for some (OpenMP: omp_team_size,
  // parlab/omp_team.hpp); empty: as asked.
  std::function<int(int)> team = nullptr;
  // What a driver adds to the one path (the MPI drivers: their grid, local kernel, checks):
  bool rectangular = true;     // --m and --k (else square: --n only)
  bool threads_option = true;  // --threads
  double min_time = 0.25;      // --min-time's default
  std::function<void(Cli&)> options = nullptr;  // its own options, after --n [--m --k], before --seed
  // After parsing, before the Runner: checks of the options (a usage_error, thrown on every
  // MPI rank alike), rungs taken out of opt.variants, grids made.
  std::function<void(RunOptions& opt, long m, long k, long n)> prepare = nullptr;
  std::function<std::string()> params = nullptr;  // banner words between the shape and the seed
  std::function<void()> after_banner = nullptr;   // printed after it (every MPI rank calls it)
  std::function<void(Record&)> describe = nullptr;  // the ladder's own record fields
  // Entries of the JSON context, each raw JSON (04: {"gemm": the tiled rung's tile and blocks}).
  std::vector<std::pair<std::string, std::string>> context = {};
};

// "seq": matmul_seq, the sequential baseline of every module (one name, one kernel).
MatmulRung seq_matmul_rung();

// One process: the rungs, then the reference rungs (eigen; openblas with a BLAS) that the
// driver does not define itself, with the % of peak column.
int run_matmul_driver(int argc, const char* const* argv, const MatmulDriver& d);
// The same on `team` (an MPI team, parlab/mpi.hpp): only the driver's rungs, no % of peak
// (its cores are on several nodes); `root` holds the matrices. Call it inside the team's
// main (mpi::run_main): the errors are its.
int run_matmul_driver(int argc, const char* const* argv, const MatmulDriver& d, Team team, bool root);

// The check of a matmul ladder: C is filled with NaN before every checked run and
// compared with the oracle after it. `here` false: this MPI rank holds no C (passes).
void expect_product(Ladder& l, const Matrix& A, const Matrix& B, Matrix& C, bool here = true);
// 2mnk / 1e9, in GFLOP.
double matmul_gflop(long m, long n, long k);
// The ladder of C = A * B (m x k times k x n) for `module`: the record's shape, the work
// in GFLOP, the unit, expect_product's poison and check, and fresh_products' timed runs
// (parlab/fresh_runs.hpp: A and B are redrawn before each) (`here`: this MPI rank holds
// the matrices; the shape is passed because the other ranks hold none).
Ladder matmul_ladder(const std::string& module, long m, long k, long n, Matrix& A, Matrix& B, Matrix& C,
                     bool here = true);

// ---- render ------------------------------------------------------------------
// Render every frame of `anim` into `frames` (sized, one Image per frame; their pixels
// are poison when a checked run starts: a rung must write every pixel).
using RenderFn = std::function<void(const Animation& anim, std::vector<Image>& frames, int threads)>;

struct RenderRung {
  std::string name;
  std::string about;
  RenderFn fn;
  bool threaded = false;
  std::function<int(int)> team = nullptr;  // as MatmulRung::team
};

struct RenderDriver {
  std::string module;
  std::string program;
  std::string about;
  std::vector<RenderRung> rungs;
  std::string baseline;  // default: the first rung
  RenderSettings defaults;
  std::vector<int> default_threads{1};
  std::function<int(int)> team = nullptr;  // as MatmulDriver::team
};

// "seq": every frame with render_frame_seq, the sequential baseline of every module.
RenderRung seq_render_rung();
// The same baseline in an MPI ladder: rank 0 alone renders every frame of *anim (set once
// the options are parsed); its record says ranks=1, the ranks it really used.
Rung root_seq_render_rung(std::string about, const std::optional<Animation>& anim, std::vector<Image>& frames,
                          bool root);

// --width --height --frames --samples --depth, with their ranges: every driver
// that renders the animation takes the same size options.
Cli& add_render_options(Cli& cli, RenderSettings& s);
// "320x180 frames=8 samples=4 depth=5": the render part of every banner...
std::string render_params(const RenderSettings& s);
// ...and of every record (width, height, frames, samples, depth).
void describe_render(Record& r, const RenderSettings& s);

// The check of a render ladder: every pixel is set to the inverse of the reference before
// every checked run (so a pixel a rung skips always differs), and the frames must be
// bit-identical after. `here` false: this MPI rank holds no frames (passes).
void expect_frames(Ladder& l, const std::vector<Image>& reference, std::vector<Image>& frames, bool here = true);

// The ladder of rendering `anim` (made from `s`) for `module`: the record's parameters, the
// work in Mpixel, the unit, expect_frames' poison and check, and fresh_frames' timed runs
// (parlab/fresh_runs.hpp: `anim` is reseeded before each) (`here`: this rank holds them).
Ladder render_ladder(const std::string& module, const RenderSettings& s, Animation& anim,
                     const std::vector<Image>& reference, std::vector<Image>& frames, bool here = true);

int run_render_driver(int argc, const char* const* argv, const RenderDriver& d);

}  // namespace parlab
