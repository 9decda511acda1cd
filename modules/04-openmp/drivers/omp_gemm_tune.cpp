// make tune: the tiled rung's tile and blocks measured on this machine. A few candidates
// around the model's choice (gemm_model.hpp) run at n = 512..1024 in interleaved rounds
// (the framework's timing: every run checked, fresh inputs each time); the fastest by its
// best round, over all sizes, is kept. Then the width nc of the block of B: it shows only
// where that block outgrows the cache the core really gets (a virtual machine may report its
// host's whole L3), so it is timed at one large n. The winner goes to the tune file that
// omp_matmul reads at start.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <stdexcept>

#include "openmp.hpp"
#include "parlab/atomic_file.hpp"
#include "parlab/cli.hpp"
#include "parlab/driver.hpp"
#include "parlab/main.hpp"

namespace {
using namespace parlab;
using namespace parlab::omp::kernel;

struct NoWinner : std::runtime_error {  // every candidate of a stage failed a check
  using std::runtime_error::runtime_error;
};

std::string name(const Params& p) {
  return std::to_string(p.tile.mr) + "x" + std::to_string(p.tile.nr) + "/u" + std::to_string(p.tile.unroll) +
         "/mc" + std::to_string(p.blocks.mc) + "/kc" + std::to_string(p.blocks.kc) + "/nc" + std::to_string(p.blocks.nc);
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

// The winner with the block of B as wide as n needs (the model's nc, or n), half and a quarter
// of that: a narrower block stays in a smaller share of L3 and is packed more often.
std::vector<Params> nc_candidates(const Params& w, std::size_t n) {
  std::vector<Params> out{w};
  const std::size_t wide = std::min(w.blocks.nc, n);
  for (std::size_t d : {2, 4}) {
    Params p = w;
    p.blocks.nc = std::max(w.tile.nr, wide / d / w.tile.nr * w.tile.nr);
    if (p.blocks.nc < out.back().blocks.nc && p.blocks.nc < wide) out.push_back(p);
  }
  return out;
}

// Each candidate's best GFLOP/s at each size, in interleaved rounds (their records join `all`).
std::map<std::string, std::vector<double>> measure(Runner& runner, const std::vector<Params>& cands,
                                                   const std::vector<int>& sizes, long seed, std::vector<Record>& all) {
  std::map<std::string, std::vector<double>> best;
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
  return best;
}

// The candidate with the best geometric mean over the sizes of its best rounds, shown in a
// table; the first (the model's, or the last stage's winner) unless another beats it by margin.
const Params& choose(const std::vector<Params>& cands, const std::map<std::string, std::vector<double>>& best,
                     const std::vector<int>& sizes, double margin, int rounds, int threads) {
  const auto score = [&](const Params& p) {
    const auto it = best.find(name(p));
    if (it == best.end() || it->second.size() != sizes.size()) return 0.0;  // failed a check: never chosen
    double log_sum = 0;
    for (double x : it->second) log_sum += std::log(x);
    return std::exp(log_sum / double(it->second.size()));
  };
  std::vector<std::string> head{"candidate"};
  for (int n : sizes) head.push_back("n=" + std::to_string(n));
  head.push_back("x first");
  Table t(head);
  const double base = score(cands.front());
  const Params* winner = &cands.front();
  for (const Params& p : cands) {
    std::vector<std::string> row{name(p)};
    if (const auto it = best.find(name(p)); it != best.end())
      for (double x : it->second) row.push_back(fmt(x, 2));
    row.resize(sizes.size() + 1, "-");
    row.push_back(fmt(base > 0 ? score(p) / base : NAN, 3));
    t.add(row);
    if (score(p) > score(*winner)) winner = &p;
  }
  if (score(*winner) < (1 + margin) * base) {
    if (winner != &cands.front())
      std::cout << "(the best, " << name(*winner) << ", is within " << fmt(100 * margin, 0)
                << "% of the first: noise, so the first is kept)\n";
    winner = &cands.front();
  }
  std::cout << "\nGFLOP/s, best of " << rounds << " interleaved rounds on " << threads << " thread(s):\n";
  t.print(std::cout);
  if (score(*winner) <= 0) throw NoWinner("no candidate passed every check");
  return *winner;
}

int tune(int argc, const char* const* argv) {
  std::vector<int> sizes{512, 1024};
  int threads = 1, rounds = 5, nc_size = 4096;
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
      .option("nc-size", nc_size, "the order at which nc is timed, after the rest (0: nc is not timed)", 0, 16384)
      .option("margin", margin,
              "another candidate replaces a stage's first (the model's, then the chosen one) only if this much"
              " faster (noise)", 0.0, 1.0)
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
  Params chosen;
  try {
    chosen = choose(cands, measure(runner, cands, sizes, seed, all), sizes, margin, rounds, threads);
    if (nc_size > 0) {
      const std::vector<Params> wide = nc_candidates(chosen, std::size_t(nc_size));
      std::cout << "\nThe width of the block of B (nc), at n = " << nc_size << ":\n";
      chosen = choose(wide, measure(runner, wide, {nc_size}, seed, all), {nc_size}, margin, rounds, threads);
    }
  } catch (const NoWinner& e) {
    const int code = runner.finish(all);
    std::cout << "tune: " << e.what() << "; " << out_path << " not written\n";
    return code ? code : kExitFailed;
  }
  const int code = runner.finish(all);
  write_file_atomically(out_path, tune_json(chosen, m));
  std::cout << "chosen: " << to_text(chosen) << (to_text(chosen) == to_text(md.params) ? " (the model's)" : "") << "\n"
            << "written: " << out_path << " (omp_matmul reads it at start; PARLAB_GEMM overrides it)\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  return parlab::run_main([&] { return tune(argc, argv); });
}
