// make tune: the tiled rung's tile and blocks measured on this machine. A few candidates
// around the model's choice (gemm_model.hpp) run at n = 512..1024 in interleaved rounds
// (the framework's timing: every run checked, fresh inputs each time); the fastest by its
// best round, over all sizes, is written to the tune file that omp_matmul reads at start.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>

#include "openmp.hpp"
#include "parlab/atomic_file.hpp"
#include "parlab/cli.hpp"
#include "parlab/driver.hpp"
#include "parlab/main.hpp"

namespace {
using namespace parlab;
using namespace parlab::omp::kernel;

std::string name(const Params& p) {
  return std::to_string(p.tile.mr) + "x" + std::to_string(p.tile.nr) + "/u" + std::to_string(p.tile.unroll) +
         "/mc" + std::to_string(p.blocks.mc) + "/kc" + std::to_string(p.blocks.kc);
}

// The model's choice first, then one change each: the next best tiles, the depth loop
// unrolled, a deeper and shallower kc, smaller and larger mc. Each differs at the largest
// size (a kc deeper than it is the same run).
std::vector<Params> candidates(const Machine& m, const Params& base, std::size_t largest) {
  std::vector<Params> out{base};
  const auto add = [&](Params p) {
    p.blocks.kc = std::max<std::size_t>(8, p.blocks.kc / 8 * 8);
    p.blocks.mc = std::max(p.tile.mr, p.blocks.mc / p.tile.mr * p.tile.mr);
    const auto same = [&](const Params& q) {
      return q.tile == p.tile && q.blocks.mc == p.blocks.mc &&
             std::min(q.blocks.kc, largest) == std::min(p.blocks.kc, largest);
    };
    if (compiled(p.tile) && std::none_of(out.begin(), out.end(), same)) out.push_back(p);
  };
  const std::vector<omp::kernel::MicroTile> tiles = feasible_tiles(m);
  for (std::size_t i = 0; i < tiles.size() && i < 3; ++i) add({tiles[i], {8 * tiles[i].mr, base.blocks.kc, base.blocks.nc}});
  add({{base.tile.mr, base.tile.nr, 2}, base.blocks});
  for (std::size_t kc : {base.blocks.kc * 3 / 2, base.blocks.kc / 2, base.blocks.kc / 4})
    add({base.tile, {base.blocks.mc, kc, base.blocks.nc}});
  for (std::size_t mc : {base.blocks.mc / 2, base.blocks.mc * 2}) add({base.tile, {mc, base.blocks.kc, base.blocks.nc}});
  return out;
}

int tune(int argc, const char* const* argv) {
  std::vector<int> sizes{512, 1024};
  int threads = 1, rounds = 5;
  double margin = 0.02;
  long seed = 42;
  bool dry = false;
  std::string out_path = default_tune_path(), json;
  Cli cli("omp_gemm_tune", "Measure a few tiles and blocks of the tiled rung around the model's; keep the fastest.");
  cli.option("sizes", sizes, "matrix orders to time (each candidate's best round at each)", 16, 8192)
      .option("threads", threads, "threads of each run (the tile and blocks are per core: 1)", 1, 1024)
      .option("rounds", rounds, "interleaved rounds (one run of every candidate per round)", 1, 100)
      .option("seed", seed, "random seed for A and B", 0, 1L << 40)
      .option("out", out_path, "the tune file to write (omp_matmul reads it at start)")
      .option("margin", margin, "another candidate replaces the model's only if this much faster (noise)", 0.0, 1.0)
      .option("json", json, "also write every run's record here")
      .flag("dry-run", dry, "print the model and the candidates, time nothing, write nothing");
  if (!cli.parse(argc, argv)) return 0;
  const Machine m = this_machine();
  const Model md = model(m);
  std::cout << "== parlab 04-openmp :: gemm tune :: sizes=" << list_text(sizes) << " threads=" << threads
            << " rounds=" << rounds << " ==\nThe model (gemm_model.cpp):\n";
  for (const auto& line : md.why) std::cout << "  " << line << '\n';
  const std::size_t largest = std::size_t(*std::max_element(sizes.begin(), sizes.end()));
  const std::vector<Params> cands = candidates(m, md.params, largest);
  std::cout << "Candidates (" << cands.size() << "; a kc above " << largest << " is not measured here):\n";
  for (const Params& p : cands) std::cout << "  " << name(p) << "  (" << to_text(p) << ")\n";
  if (dry) return 0;

  RunOptions opt;
  opt.threads = {threads};
  opt.reps = rounds;
  opt.interleave = true;
  opt.json = json;
  Runner runner(opt);
  std::vector<Record> all;
  std::map<std::string, std::vector<double>> best;  // candidate -> its best GFLOP/s at each size
  for (int n : sizes) {
    Matrix A(n, n), B(n, n), C(n, n);
    A.fill_random(seed), B.fill_random(seed + 1);
    Ladder l = matmul_ladder("04-openmp", n, n, n, A, B, C);
    std::vector<Rung> rungs;
    for (const Params& p : cands) {
      rungs.emplace_back(name(p), to_text(p), [&A, &B, &C, p](int t) { omp::matmul_tiled(A, B, C, t, p); }, true);
      rungs.back().described_by([p](Record& r) { r.notes.push_back({"gemm", to_text(p)}); });
    }
    std::cout << "\nn = " << n << ":\n";
    for (Record& r : runner.run(l, rungs)) {
      best[r.variant].push_back(l.work / r.stats.min);
      all.push_back(std::move(r));
    }
  }
  // The score: the geometric mean over the sizes of each candidate's best round.
  const auto score = [&](const Params& p) {
    const auto& v = best[name(p)];
    if (v.size() != sizes.size()) return 0.0;  // failed a check at some size: never chosen
    double log_sum = 0;
    for (double x : v) log_sum += std::log(x);
    return std::exp(log_sum / double(v.size()));
  };
  std::vector<std::string> head{"candidate"};
  for (int n : sizes) head.push_back("n=" + std::to_string(n));
  head.push_back("x model");
  Table t(head);
  const double base = score(cands.front());
  const Params* winner = &cands.front();
  for (const Params& p : cands) {
    std::vector<std::string> row{name(p)};
    for (double x : best[name(p)]) row.push_back(fmt(x, 2));
    row.resize(sizes.size() + 1, "-");
    row.push_back(fmt(base > 0 ? score(p) / base : NAN, 3));
    t.add(row);
    if (score(p) > score(*winner)) winner = &p;
  }
  if (score(*winner) < (1 + margin) * base) {
    if (winner != &cands.front())
      std::cout << "(the best, " << name(*winner) << ", is within " << fmt(100 * margin, 0)
                << "% of the model's choice: noise, so the model's is kept)\n";
    winner = &cands.front();
  }
  std::cout << "\nGFLOP/s, best of " << rounds << " interleaved rounds on " << threads << " thread(s):\n";
  t.print(std::cout);
  const int code = runner.finish(all);
  if (score(*winner) <= 0) {
    std::cout << "tune: no candidate passed every check; " << out_path << " not written\n";
    return code ? code : kExitFailed;
  }
  write_file_atomically(out_path, tune_json(*winner, m));
  std::cout << "chosen: " << to_text(*winner) << " (x" << fmt(score(*winner) / base, 3) << " the model's)\n"
            << "written: " << out_path << " (omp_matmul reads it at start; PARLAB_GEMM overrides it)\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  return parlab::run_main([&] { return tune(argc, argv); });
}
