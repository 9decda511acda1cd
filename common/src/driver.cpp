#include "parlab/driver.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "parlab/blas_info.hpp"
#include "parlab/cli.hpp"
#include "parlab/error.hpp"
#include "parlab/matmul.hpp"
#include "parlab/oracle.hpp"

namespace parlab {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

std::string join_ints(const std::vector<int>& v, const std::string& sep) {
  std::vector<std::string> s;
  for (int x : v) s.push_back(std::to_string(x));
  return join(s, sep);
}

namespace {

// Options every driver shares.
struct Common {
  std::vector<std::string> variants;
  std::vector<int> threads;
  int reps = 3;
  double min_time = 0.25;
  std::string json;
  TimingOptions timing() const { return {0, reps, std::max(reps, 50), min_time}; }
};

void add_common(Cli& cli, Common& c, const std::vector<std::string>& names) {
  cli.option("variants", c.variants, "rungs to run", names)
      .option("threads", c.threads, "thread counts for the parallel rungs", 1, 1024)
      .option("reps", c.reps, "at least this many timed runs", 1, 1000)
      .option("min-time", c.min_time, "and at least this many seconds of timed runs", 0.0, 600.0)
      .option("json", c.json, "write JSON records to this file");
}

// Fails before any work if the JSON file cannot be written.
void check_json_target(const std::string& path) {
  if (path.empty()) return;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) prepare_output_dir(parent.string());
  std::ofstream probe(path, std::ios::app);
  if (!probe) throw usage_error("cannot write JSON file '" + path + "'");
}

// The ladder loop shared by matmul and render: run each rung once per thread
// count, validate, time, print, record.
struct Trial {
  std::string name;
  bool threaded;
};
struct Outcome {
  std::vector<Record> records;
  int failed = 0, missing = 0;
  int exit_code() const { return failed ? 1 : missing ? 3 : 0; }
};

template <class RunFn, class CheckFn>
Outcome run_ladder(const std::vector<Trial>& trials, const Common& c, const Record& proto, double work,
                   const std::string& unit, RunFn run, CheckFn check) {
  Outcome out;
  for (const Trial& t : trials) {
    for (int threads : t.threaded ? c.threads : std::vector<int>{1}) {
      const std::string label = t.threaded ? t.name + " x" + std::to_string(threads) : t.name;
      try {
        run(t.name, threads);  // also the warm-up run
      } catch (const not_implemented& e) {
        std::cout << "Solution not implemented [" << label << "]: " << e.what() << '\n';
        ++out.missing;
        continue;
      }
      const auto [ok, detail] = check();
      print_validates(label, ok, detail);
      if (!ok) {
        ++out.failed;
        continue;
      }
      Record r = proto;
      r.variant = t.name;
      r.threads = threads;
      r.validated = true;
      r.stats = measure([&] { run(t.name, threads); }, c.timing());
      r.rate = work / r.stats.median;
      r.rate_unit = unit;
      print_rate(label, r.rate, unit, r.stats);
      out.records.push_back(r);
    }
  }
  return out;
}

// Adds speedup/efficiency/Karp-Flatt (and % of peak for GFLOP/s) and prints the table.
void summarize_ladder(std::vector<Record>& recs, const std::string& baseline, bool show_peak) {
  double t_base = NAN;
  std::map<std::string, double> t_one;  // each rung's time at 1 thread
  for (const auto& r : recs) {
    if (r.variant == baseline && r.threads == 1) t_base = r.stats.median;
    if (r.threads == 1) t_one[r.variant] = r.stats.median;
  }
  std::vector<std::string> head{"variant", "threads", "median s", "min s", "max s", recs.empty() ? "rate" : recs[0].rate_unit,
                                "x " + baseline, "efficiency"};
  if (show_peak) head.push_back("% peak");
  Table table(head);
  for (auto& r : recs) {
    const double s = speedup(t_base, r.stats.median);
    r.extra.push_back({"speedup_vs_" + baseline, s});
    // efficiency: speedup over the baseline per worker, the same meaning in every driver
    // (docs/record-format.md); the rung's scaling against its own 1-thread run is self_speedup.
    const double eff = efficiency(s, r.threads * r.ranks);
    r.extra.push_back({"efficiency", eff});
    if (t_one.count(r.variant) && r.threads > 1) {
      const double self = speedup(t_one[r.variant], r.stats.median);
      r.extra.push_back({"self_speedup", self});
      r.extra.push_back({"karp_flatt", karp_flatt(self, r.threads)});
    }
    std::vector<std::string> row{r.variant, std::to_string(r.threads), fmt(r.stats.median, 4), fmt(r.stats.min, 4),
                                 fmt(r.stats.max, 4), fmt(r.rate, 2), fmt(s, 2), fmt(eff, 2)};
    if (show_peak) {
      const double pct = 100.0 * r.rate / peak_gflops(r.threads);
      r.extra.push_back({"pct_peak", pct});
      row.push_back(fmt(pct, 1));
    }
    table.add(row);
  }
  std::cout << '\n';
  table.print(std::cout);
  if (show_peak)
    std::cout << "(% peak: of " << fmt(peak_gflops(1), 1)
              << " GFLOP/s per core, measured with an FMA loop; set PARLAB_PEAK_GFLOPS to override)\n";
}

template <class Rung>
std::vector<Trial> select(const std::vector<Rung>& rungs, const std::vector<std::string>& wanted) {
  std::vector<Trial> out;
  for (const auto& r : rungs)
    if (wanted.empty() || std::find(wanted.begin(), wanted.end(), r.name) != wanted.end())
      out.push_back({r.name, r.threaded});
  return out;
}

template <class Rung>
const Rung& find(const std::vector<Rung>& rungs, const std::string& name) {
  for (const auto& r : rungs)
    if (r.name == name) return r;
  throw std::logic_error("no rung named " + name);
}

template <class Rung>
std::vector<std::string> names(const std::vector<Rung>& rungs) {
  std::vector<std::string> out;
  for (const auto& r : rungs) out.push_back(r.name);
  return out;
}

template <class Rung>
std::string rung_list(const std::vector<Rung>& rungs) {
  std::ostringstream os;
  os << "\nrungs:\n";
  for (const auto& r : rungs) os << "  " << r.name << std::string(r.name.size() < 16 ? 16 - r.name.size() : 1, ' ') << r.about << '\n';
  return os.str();
}

void finish(Outcome& o, const std::string& baseline, bool show_peak, const std::string& json) {
  if (!o.records.empty()) summarize_ladder(o.records, baseline, show_peak);
  if (!json.empty()) {
    JsonReport rep;
    for (auto& r : o.records) rep.add(r);
    rep.write(json);
    std::cout << "JSON records: " << json << '\n';
  }
  if (o.failed) std::cout << o.failed << " rung(s) FAILED validation\n";
  if (o.missing) std::cout << o.missing << " rung(s) not implemented yet\n";
}

}  // namespace

std::vector<MatmulRung> reference_matmul_rungs() {
  std::vector<MatmulRung> r{{"eigen", "Eigen 3 (single-threaded here): the reference",
                             [](const Matrix& A, const Matrix& B, Matrix& C, int) { matmul_eigen(A, B, C); }, false}};
  if (have_blas())
    r.push_back({"openblas", "OpenBLAS dgemm: the vendor-tuned reference",
                 [](const Matrix& A, const Matrix& B, Matrix& C, int t) { matmul_blas(A, B, C, t); }, true});
  return r;
}

int run_matmul_driver(int argc, const char* const* argv, const MatmulDriver& d) {
  return run_main([&] {
    long n = d.default_n, m = 0, k = 0, seed = 42;
    Common c;
    c.threads = d.default_threads;
    Cli cli(d.program, d.about + rung_list(d.rungs));
    cli.option("n", n, "matrix order (C is n x n)", 1, 1'000'000)
        .option("m", m, "rows of A and C (0: same as n)", 0, 1'000'000)
        .option("k", k, "columns of A, rows of B (0: same as n)", 0, 1'000'000)
        .option("seed", seed, "random seed for A and B", 0, 1L << 40);
    add_common(cli, c, names(d.rungs));
    if (!cli.parse(argc, argv)) return 0;
    if (!m) m = n;
    if (!k) k = n;
    // A, B, C, and the oracle's product and |A||B|.
    require_memory(8ull * (std::uint64_t(m) * k + std::uint64_t(k) * n + 3ull * m * n),
                   "matmul with m=" + std::to_string(m) + " k=" + std::to_string(k) + " n=" + std::to_string(n));
    check_json_target(c.json);

    Matrix A(m, k), B(k, n), C(m, n);
    A.fill_random(seed);
    B.fill_random(seed + 1);
    const std::string shape = m == n && k == n ? "n=" + std::to_string(n)
                                               : "m=" + std::to_string(m) + " k=" + std::to_string(k) + " n=" + std::to_string(n);
    print_banner(d.module, "matmul", shape + " threads=" + join_ints(c.threads) + " ranks=1");
    if (have_blas()) print_blas_info(std::cout);  // the openblas rung: which kernel it runs
    Record proto;
    proto.module = d.module;
    proto.kernel = "matmul";
    proto.n = n;
    if (m != n || k != n) proto.m = m, proto.k = k;

    auto run = [&](const std::string& name, int threads) { find(d.rungs, name).fn(A, B, C, threads); };
    auto check = [&] {
      const CheckResult r = check_product(A, B, C);
      return std::pair<bool, std::string>{r.ok, r.message()};
    };
    Outcome o = run_ladder(select(d.rungs, c.variants), c, proto, 2.0 * m * n * k / 1e9, "GFLOP/s", run, check);
    finish(o, d.baseline.empty() ? d.rungs.at(0).name : d.baseline, true, c.json);
    return o.exit_code();
  });
}

Cli& add_render_options(Cli& cli, RenderSettings& s) {
  return cli.option("width", s.width, "image width in pixels", 1, 16384)
      .option("height", s.height, "image height in pixels", 1, 16384)
      .option("frames", s.frames, "frames in the animation", 1, 100000)
      .option("samples", s.samples, "samples per pixel", 1, 4096)
      .option("depth", s.max_depth, "maximum reflection/refraction depth", 0, 32);
}

std::string render_params(const RenderSettings& s) {
  return std::to_string(s.width) + "x" + std::to_string(s.height) + " frames=" + std::to_string(s.frames) +
         " samples=" + std::to_string(s.samples);
}

RenderRung sequential_render_rung() {
  return {"sequential", "one cook: every frame, row by row (the reference)",
          [](const Animation& a, std::vector<Image>& frames, int) {
            for (int f = 0; f < a.frames(); ++f) render_frame_seq(a, f, frames[f]);
          },
          false};
}

int run_render_driver(int argc, const char* const* argv, const RenderDriver& d) {
  return run_main([&] {
    RenderSettings s = d.defaults;
    Common c;
    c.threads = d.default_threads;
    std::string out_dir;
    Cli cli(d.program, d.about + rung_list(d.rungs));
    add_render_options(cli, s).option("out", out_dir, "write the frames as images into this folder");
    add_common(cli, c, names(d.rungs));
    if (!cli.parse(argc, argv)) return 0;
    if (!out_dir.empty()) prepare_output_dir(out_dir);
    check_json_target(c.json);

    const Animation anim(s);  // validates the settings and the memory they need
    print_banner(d.module, "render",
                 render_params(s) + " threads=" + join_ints(c.threads) + " ranks=1");
    const std::vector<Image> reference = render_all_seq(anim);
    std::vector<Image> frames;

    Record proto;
    proto.module = d.module;
    proto.kernel = "render";
    proto.width = s.width, proto.height = s.height, proto.frames = s.frames;
    proto.notes.push_back({"samples", std::to_string(s.samples)});

    auto run = [&](const std::string& name, int threads) {
      frames.assign(anim.frames(), anim.blank());
      find(d.rungs, name).fn(anim, frames, threads);
    };
    auto check = [&] {
      std::size_t diff = 0;
      for (int f = 0; f < anim.frames(); ++f) diff += count_differences(frames.at(f), reference[f]);
      if (diff)
        return std::pair<bool, std::string>{false, std::to_string(diff) + " pixels differ from the sequential render"};
      return std::pair<bool, std::string>{true, "bit-identical to the sequential render"};
    };
    const double mpix = double(anim.pixels_per_frame()) * anim.frames() / 1e6;
    Outcome o = run_ladder(select(d.rungs, c.variants), c, proto, mpix, "Mpixel/s", run, check);
    finish(o, d.baseline.empty() ? d.rungs.at(0).name : d.baseline, false, c.json);
    if (!out_dir.empty()) {
      for (int f = 0; f < anim.frames(); ++f) {
        char stem[32];
        std::snprintf(stem, sizeof stem, "frame_%04d", f);
        write_image(reference[f], (std::filesystem::path(out_dir) / stem).string());
      }
      std::cout << "Frames: " << anim.frames() << " images in " << out_dir << '\n';
    }
    return o.exit_code();
  });
}

}  // namespace parlab
