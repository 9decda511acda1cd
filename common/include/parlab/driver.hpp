// The driver frameworks: a module's driver lists its rungs and calls one of these,
// so every module prints the same banner, validates line, rate line and table,
// and writes the same JSON records.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "parlab/cli.hpp"
#include "parlab/image.hpp"
#include "parlab/matrix.hpp"
#include "parlab/render.hpp"
#include "parlab/report.hpp"
#include "parlab/timing.hpp"

namespace parlab {

// ---- matmul ------------------------------------------------------------------
// C = A * B with `threads` workers (sequential rungs ignore it).
using MatmulFn = std::function<void(const Matrix& A, const Matrix& B, Matrix& C, int threads)>;

struct MatmulRung {
  std::string name;
  std::string about;     // one line for --help and the README
  MatmulFn fn;
  bool threaded = false; // run at every --threads count, else once with 1
};

struct MatmulDriver {
  std::string module;    // "01-sequential"
  std::string program;   // the executable's name, for --help
  std::string about;
  std::vector<MatmulRung> rungs;
  std::string baseline;  // speedups are relative to this rung at 1 thread (default: the first)
  long default_n = 256;
  std::vector<int> default_threads{1};
};

// The common reference rungs (eigen, and openblas when built with a BLAS).
std::vector<MatmulRung> reference_matmul_rungs();

int run_matmul_driver(int argc, const char* const* argv, const MatmulDriver& d);

// ---- render ------------------------------------------------------------------
// Render every frame of `anim` into `frames` (already sized, one blank Image per frame).
using RenderFn = std::function<void(const Animation& anim, std::vector<Image>& frames, int threads)>;

struct RenderRung {
  std::string name;
  std::string about;
  RenderFn fn;
  bool threaded = false;
};

struct RenderDriver {
  std::string module;
  std::string program;
  std::string about;
  std::vector<RenderRung> rungs;
  std::string baseline;  // default: the first rung
  RenderSettings defaults;
  std::vector<int> default_threads{1};
};

// The sequential reference rung ("sequential").
RenderRung sequential_render_rung();

// --width --height --frames --samples --depth, with their ranges: every driver
// that renders the animation takes the same size options.
Cli& add_render_options(Cli& cli, RenderSettings& s);
// "320x180 frames=8 samples=4": the render part of every banner.
std::string render_params(const RenderSettings& s);

int run_render_driver(int argc, const char* const* argv, const RenderDriver& d);

// ---- shared pieces for drivers that need their own main loop (MPI) --------------
// "n=512 threads=1,2 ranks=1" style parameter text.
std::string join(const std::vector<std::string>& parts, const std::string& sep);
std::string join_ints(const std::vector<int>& v, const std::string& sep = ",");

}  // namespace parlab
