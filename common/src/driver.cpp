#include "parlab/driver.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>

#include "parlab/blas_info.hpp"
#include "parlab/fresh_runs.hpp"
#include "parlab/main.hpp"
#include "parlab/matmul.hpp"
#include "parlab/memory.hpp"
#include "parlab/oracle.hpp"
#include "parlab/output.hpp"

namespace parlab {

namespace {

// `team`: what the threaded rungs really run (a rung's own team first).
template <class R, class Make>
std::vector<Rung> as_rungs(const std::vector<R>& rs, Make make, const std::function<int(int)>& team) {
  std::vector<Rung> out;
  for (const auto& r : rs) {
    out.push_back({r.name, r.about, make(r), r.threaded});
    out.back().team = r.team ? r.team : team;
    if constexpr (requires { r.ranks; r.describe; }) out.back().on_ranks(r.ranks).described_by(r.describe);
  }
  return out;
}

}  // namespace

// ---- matmul ------------------------------------------------------------------

MatmulRung seq_matmul_rung() {
  return {"seq", "matmul_seq (common/, Eigen on 1 thread): the baseline",
          [](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_seq(A, B, C); }};
}

namespace {
// The reference rungs every matmul ladder ends with.
std::vector<MatmulRung> reference_matmul_rungs() {
  std::vector<MatmulRung> r{{"eigen", "Eigen 3 (single-threaded here): the reference",
                             [](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_eigen(A, B, C); }, false}};
  if (have_blas())
    r.push_back({"openblas", "OpenBLAS dgemm: the vendor-tuned reference",
                 [](const Matrix& A, const Matrix& B, Matrix& C, int t) { matmul_blas(A, B, C, t); }, true,
                 blas_threads});
  return r;
}

// The driver's rungs, then each reference rung it does not define itself.
std::vector<MatmulRung> with_references(const MatmulDriver& d) {
  std::vector<MatmulRung> all = d.rungs;
  for (auto& ref : reference_matmul_rungs())
    if (std::none_of(all.begin(), all.end(), [&](const MatmulRung& r) { return r.name == ref.name; }))
      all.push_back(ref);
  return all;
}
}  // namespace

double matmul_gflop(long m, long n, long k) { return 2.0 * double(m) * double(n) * double(k) / 1e9; }

Ladder matmul_ladder(const std::string& module, long m, long k, long n, Matrix& A, Matrix& B, Matrix& C,
                     bool here) {
  Ladder l;
  l.proto.module = module;
  l.proto.kernel = "matmul";
  l.proto.set_size("n", n);
  if (m != n || k != n) l.proto.set_size("m", m), l.proto.set_size("k", k);
  l.proto.flops = matmul_gflop(m, n, k) * 1e9;
  l.proto.bytes = 8.0 * (double(m) * k + double(k) * n + double(m) * n);  // A and B read, C written, once each
  l.proto.roof = Roof::compute;
  l.work = matmul_gflop(m, n, k);
  l.unit = "GFLOP/s";
  expect_product(l, A, B, C, here);
  fresh_products(l, A, B, C, here);
  return l;
}

void expect_product(Ladder& l, const Matrix& A, const Matrix& B, Matrix& C, bool here) {
  if (!here) {
    l.poison = nullptr;
    l.check = [](int) { return Verdict::check(true, ""); };
    return;
  }
  l.poison = [&C] { std::fill(C.data(), C.data() + C.size(), std::numeric_limits<double>::quiet_NaN()); };
  l.check = [&A, &B, &C](int) {
    const CheckResult r = check_product(A, B, C);
    return Verdict::check(r.ok, r.message());
  };
}

namespace {
// The one matmul driver path: options, checks, matrices, banner, ladder, table, record.
int matmul_driver(int argc, const char* const* argv, const MatmulDriver& d, const std::vector<MatmulRung>& all,
                  Team team, bool root, bool show_peak) {
  long n = d.default_n, m = 0, k = 0, seed = 42;
  RunOptions opt;
  opt.threads = d.default_threads;
  opt.min_time = d.min_time;
  Matrix A, B, C;  // on the root only (an MPI team's other ranks get their share by message)
  std::vector<Rung> rungs =
      as_rungs(all, [&](const MatmulRung& r) { return [&A, &B, &C, fn = r.fn](int t) { fn(A, B, C, t); }; }, d.team);
  Cli cli(d.program, d.about);
  cli.option("n", n, "matrix order (C is n x n)", 1, 1'000'000);
  if (d.rectangular)
    cli.option("m", m, "rows of A and C (0: same as n)", 0, 1'000'000)
        .option("k", k, "columns of A, rows of B (0: same as n)", 0, 1'000'000);
  if (d.options) d.options(cli);
  cli.option("seed", seed, "random seed for A and B", 0, 1L << 40);
  add_run_options(cli, opt, rungs, d.threads_option);
  if (!cli.parse(argc, argv)) return 0;
  if (!m) m = n;
  if (!k) k = n;
  if (d.prepare) d.prepare(opt, m, k, n);
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].device && opt.wants(all[i].name)) rungs[i].on_device(all[i].device(A, B, C));
  const std::string shape = m == n && k == n ? "n=" + std::to_string(n)
                                             : "m=" + std::to_string(m) + " k=" + std::to_string(k) + " n=" + std::to_string(n);
  // A and B twice (the timed runs' draws are kept apart), C, and the oracle's product and |A||B|.
  require_memory(8ull * (2ull * (std::uint64_t(m) * k + std::uint64_t(k) * n) + 3ull * m * n), "matmul with " + shape);
  Runner runner(opt, std::move(team));
  for (const auto& [key, json] : d.context) runner.add_context(key, json);

  if (root) {
    A = Matrix(m, k), B = Matrix(k, n), C = Matrix(m, n);
    A.fill_random(seed);
    B.fill_random(seed + 1);
  }
  runner.banner(d.module, "matmul", shape + (d.params ? d.params() : std::string()) + " seed=" + std::to_string(seed));
  if (root && have_blas()) print_blas_info(std::cout);  // the BLAS rungs and kernels: which kernel runs
  if (d.after_banner) d.after_banner();
  Ladder l = matmul_ladder(d.module, m, k, n, A, B, C, root);
  if (d.describe) d.describe(l.proto);
  l.proto.params.push_back({"seed", seed});
  std::vector<Record> recs = runner.run(l, rungs);
  runner.speedup_table(recs, d.baseline.empty() ? d.rungs.at(0).name : d.baseline, show_peak);
  return runner.finish(recs);
}
}  // namespace

int run_matmul_driver(int argc, const char* const* argv, const MatmulDriver& d) {
  return run_main([&] { return matmul_driver(argc, argv, d, with_references(d), local_team(), true, true); });
}

int run_matmul_driver(int argc, const char* const* argv, const MatmulDriver& d, Team team, bool root) {
  return matmul_driver(argc, argv, d, d.rungs, std::move(team), root, false);
}

// ---- render ------------------------------------------------------------------

Cli& add_render_options(Cli& cli, RenderSettings& s) {
  return cli.option("width", s.width, "image width in pixels", 1, 16384)
      .option("height", s.height, "image height in pixels", 1, 16384)
      .option("frames", s.frames, "frames in the animation", 1, 100000)
      .option("samples", s.samples, "samples per pixel", 1, 4096)
      .option("depth", s.max_depth, "maximum reflection/refraction depth", 0, 32);
}

std::string render_params(const RenderSettings& s) {
  return std::to_string(s.width) + "x" + std::to_string(s.height) + " frames=" + std::to_string(s.frames) +
         " samples=" + std::to_string(s.samples) + " depth=" + std::to_string(s.max_depth);
}

void describe_render(Record& r, const RenderSettings& s) {
  r.set_size("width", s.width), r.set_size("height", s.height), r.set_size("frames", s.frames);
  r.params.push_back({"samples", s.samples});
  r.params.push_back({"depth", s.max_depth});
}

RenderRung seq_render_rung() {
  return {"seq", "one cook: every frame, row by row (the reference)",
          [](const Animation& a, std::vector<Image>& frames, int) {
            for (int f = 0; f < a.frames(); ++f) render_frame_seq(a, f, frames[f]);
          },
          false};
}

Ladder render_ladder(const std::string& module, const RenderSettings& s, Animation& anim,
                     const std::vector<Image>& reference, std::vector<Image>& frames, bool here) {
  Ladder l;
  l.proto.module = module;
  l.proto.kernel = "render";
  describe_render(l.proto, s);
  l.work = double(anim.pixels_per_frame()) * anim.frames() / 1e6;
  l.unit = "Mpixel/s";
  expect_frames(l, reference, frames, here);
  fresh_frames(l, anim, frames, here);
  return l;
}

Rung root_seq_render_rung(std::string about, const std::optional<Animation>& anim, std::vector<Image>& frames,
                          bool root) {
  return Rung("seq", std::move(about),
              [&anim, &frames, root](int) {
                if (root)
                  for (int f = 0; f < anim->frames(); ++f) render_frame_seq(*anim, f, frames[f]);
              })
      .on_ranks(1);
}

void expect_frames(Ladder& l, const std::vector<Image>& reference, std::vector<Image>& frames, bool here) {
  if (!here) {
    l.poison = nullptr;
    l.check = [](int) { return Verdict::check(true, ""); };
    return;
  }
  l.poison = [&reference, &frames] {
    frames = reference;
    for (auto& img : frames)
      for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
          Rgb8& p = img.at(x, y);
          p = {std::uint8_t(~p.r), std::uint8_t(~p.g), std::uint8_t(~p.b)};
        }
  };
  l.check = [&reference, &frames](int) {
    std::size_t diff = 0;
    for (std::size_t f = 0; f < reference.size(); ++f)
      diff += f < frames.size() ? count_differences(frames[f], reference[f]) : reference[f].pixels().size();
    if (diff) return Verdict::check(false, std::to_string(diff) + " pixels differ from the sequential render");
    return Verdict::check(true, "bit-identical to the sequential render");
  };
}

int run_render_driver(int argc, const char* const* argv, const RenderDriver& d) {
  return run_main([&] {
    RenderSettings s = d.defaults;
    RunOptions opt;
    opt.threads = d.default_threads;
    std::string out_dir;
    const Animation* anim = nullptr;  // set once the options are known
    std::vector<Image> frames;
    const RenderRung* last = nullptr;  // the rung whose output `frames` holds
    const std::vector<Rung> rungs = as_rungs(d.rungs, [&](const RenderRung& r) {
      return [&anim, &frames, &last, &r](int t) { last = &r, r.fn(*anim, frames, t); };
    }, d.team);
    Cli cli(d.program, d.about);
    add_render_options(cli, s).option("out", out_dir, "write the frames of the last rung run (see --variants) as images into this folder");
    add_run_options(cli, opt, rungs, true);
    if (!cli.parse(argc, argv)) return 0;
    check_apart(opt.json, "--json", out_dir, "--out");
    if (!out_dir.empty()) prepare_output_dir(out_dir, "--out");
    Runner runner(opt);

    Animation animation(s);  // validates the settings and the memory they need (timed runs reseed it)
    anim = &animation;
    runner.banner(d.module, "render", render_params(s));
    const std::vector<Image> reference = render_all_seq(animation);
    frames = reference;  // sized; expect_frames poisons them before every checked run

    Ladder l = render_ladder(d.module, s, animation, reference, frames);
    // --out: the frames a rung made, as checked (wrong ones too: they show what went wrong).
    std::vector<Image> written;
    const RenderRung* written_by = nullptr;
    if (!out_dir.empty())
      l.check = [&, check = l.check](int t) { return written = frames, written_by = last, check(t); };
    std::vector<Record> recs = runner.run(l, rungs);
    runner.speedup_table(recs, d.baseline.empty() ? d.rungs.at(0).name : d.baseline);
    if (written_by) {
      for (int f = 0; f < animation.frames(); ++f) {
        char stem[32];
        std::snprintf(stem, sizeof stem, "frame_%04d", f);
        write_image(written[f], (std::filesystem::path(out_dir) / stem).string());
      }
      std::cout << "Frames: " << animation.frames() << " images of [" << written_by->name << "] in " << out_dir << '\n';
    }
    return runner.finish(recs);
  });
}

}  // namespace parlab
