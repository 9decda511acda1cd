// Module 04: the tiled rung's machine-chosen parameters (gemm_model.hpp). Every tile this
// build compiles, with every unrolling, equals Eigen at sizes that divide no tile and no
// block, with the blockings the tuner may pick and some that leave a remainder everywhere;
// the model picks what its rules say on known machines; a corrupt or stale tune file and a
// bad PARLAB_GEMM are refused with a message, never used.
#include "support/catch.hpp"
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "openmp.hpp"
#include "parlab/error.hpp"
#include "support/matmul_check.hpp"

using namespace parlab;
using namespace parlab::omp::kernel;

namespace {

void expect_product(const Params& p, std::size_t m, std::size_t k, std::size_t n, int threads) {
  testing::expect_product([&](auto& A, auto& B, auto& C) { omp::matmul_tiled(A, B, C, threads, p); }, m, k, n,
                          to_text(p) + " threads=" + std::to_string(threads));
}

// A machine with AVX-512 (8 doubles, 32 registers), 48 KiB L1d, 1 MiB L2, 32 MiB L3.
Machine avx512() {
  Machine m;
  m.cpu = "test CPU";
  m.vector_doubles = 8, m.vector_registers = 32;
  m.l1d = 48 * 1024, m.l2 = 1024 * 1024, m.l3 = 32 * 1024 * 1024;
  return m;
}

std::string temp_file(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / (std::to_string(getpid()) + "-" + name);
  std::ofstream(p) << text;
  return p.string();
}
}  // namespace

TEST_CASE("every compiled tile and unrolling equals Eigen at odd sizes, with every blocking", "[matmul][gemm]") {
  const std::size_t shapes[][3] = {{1, 1, 1},   {7, 7, 7},   {63, 63, 63}, {65, 65, 65}, {129, 129, 129},
                                   {7, 13, 5},  {67, 45, 83}, {33, 300, 70}, {130, 9, 1}, {1, 64, 129}};
  for (const MicroTile& t : compiled_tiles()) {
    // The model's blocks for this tile, what the tuner varies (kc / 2, kc / 4, mc / 2, 2 mc),
    // and blocks that divide nothing (every loop of the nest runs with a remainder).
    // ({1, 1, 1}: a block smaller than a tile, on the small shapes only: it is slow.)
    const std::size_t mc = 8 * t.mr;
    const Blocking blockings[] = {{mc, 1024, 16640}, {mc / 2, 256, 3072}, {2 * mc, 128, 3072}, {t.mr + 3, 7, 40}};
    for (int threads : {1, 3}) {
      for (const Blocking& b : blockings)
        for (const auto& s : shapes) expect_product({t, b}, s[0], s[1], s[2], threads);
      for (const auto& s : shapes)
        if (s[0] * s[1] * s[2] <= 65 * 65 * 65) expect_product({t, {1, 1, 1}}, s[0], s[1], s[2], threads);
    }
  }
}

TEST_CASE("the tiled rung refuses a tile this build does not have and empty blocks", "[04][matmul][gemm]") {
  Matrix A(9, 9), B(9, 9), C(9, 9);
  CHECK_THROWS_AS(omp::matmul_tiled(A, B, C, 2, Params{{13, 16, 1}, {}}), std::invalid_argument);
  CHECK_THROWS_AS(omp::matmul_tiled(A, B, C, 2, Params{{14, 16, 3}, {}}), std::invalid_argument);
  CHECK_THROWS_AS(omp::matmul_tiled(A, B, C, 2, Params{{14, 16, 1}, {0, 64, 64}}), std::invalid_argument);
  CHECK_THROWS_AS(omp::matmul_tiled(A, B, C, 2, Params{{14, 16, 1}, {64, 1u << 30, 64}}), std::invalid_argument);
}

TEST_CASE("the model: the register tile from the vector registers, the blocks from the caches", "[04][gemm]") {
  Machine m = avx512();
  const Params p = model(m).params;
  // 14 rows x 2 vectors = 28 accumulators + 2 for B + 1 for A = 31 of 32 registers.
  CHECK(p.tile == MicroTile{14, 16, 1});
  CHECK(registers_needed(p.tile, m) == 31);
  CHECK(p.blocks.mc == 112);
  CHECK(p.blocks.kc == 512);  // (1 MiB / 2) / (8 * (112 + 16))
  CHECK(p.blocks.nc == 4096);  // (32 MiB / 2) / (8 * 512)
  for (const MicroTile& t : feasible_tiles(m)) CHECK(registers_needed(t, m) <= 32);
  // AVX2: 16 registers of 4 doubles -> BLIS's Haswell tile, 6 x 8 (12 + 2 + 1 registers);
  // its 12 accumulators are few (< 2 x 4 x 2), so the depth loop is unrolled twice.
  m.vector_doubles = 4, m.vector_registers = 16;
  CHECK(model(m).params.tile == MicroTile{6, 8, 2});
  // AVX-512 registers at 256 bits (g++'s default preference): 32 of 4 doubles -> 14 x 8.
  m.vector_registers = 32;
  CHECK(model(m).params.tile == MicroTile{14, 8, 1});
  // SSE2: 16 of 2 -> 2 x 8 (8 accumulators, the fewest that hide 4 cycles x 2 units).
  m.vector_doubles = 2, m.vector_registers = 16;
  CHECK(model(m).params.tile == MicroTile{2, 8, 1});
  // Every decision is explained.
  CHECK(model(avx512()).why.size() >= 5);
}

TEST_CASE("a tune file is read back, and a corrupt or stale one is refused", "[04][gemm]") {
  const Machine m = avx512();
  const Params tuned{{12, 16, 1}, {96, 384, 2048}};
  Params got;
  std::string why;
  REQUIRE(read_tune(tune_json(tuned, m), m, got, why));
  CHECK(got == tuned);

  const std::string good = tune_json(tuned, m);
  const auto with = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  const std::string bad[] = {
      "",                                        // empty
      good.substr(0, good.size() / 2),          // truncated
      "[1, 2, 3]",                               // not an object
      good + "x",                                // text after it
      with("\"mr\": 12", "\"mr\": 13"),          // a tile this build lacks
      with("\"mr\": 12", "\"mr\": -12"),         // negative
      with("\"mc\": 96", "\"mc\": 0"),           // an empty block
      with("\"kc\": 384", "\"kc\": 99999999"),   // absurd
      with("\"format\": 1", "\"format\": 2"),    // another format
      with("test CPU", "other CPU"),             // made on another CPU: stale
      with("\"nc\": 2048", "\"ncc\": 2048"),     // a field missing
  };
  for (const std::string& text : bad) {
    INFO(text);
    why.clear();
    got = {};
    CHECK_FALSE(read_tune(text, m, got, why));
    CHECK_FALSE(why.empty());
    CHECK(got == Params{});  // untouched
  }
  Machine other = m;
  other.l2 *= 2;  // another build or machine: other caches
  CHECK_FALSE(read_tune(good, other, got, why));
  CHECK(why.find("another build") != std::string::npos);
}

TEST_CASE("the choice: override over tune file over model, and a bad file falls back to the model", "[04][gemm]") {
  const Machine m = avx512();
  const Params base = model(m).params;
  const std::string none = (std::filesystem::temp_directory_path() / "parlab-no-such-tune.json").string();
  Choice c = choose(m, none, "");
  CHECK(c.source == "model");
  CHECK(c.params == base);
  CHECK(c.note.empty());

  const Params tuned{{9, 24, 1}, {72, 256, 1024}};
  const std::string ok = temp_file("tune-ok.json", tune_json(tuned, m));
  c = choose(m, ok, "");
  CHECK(c.source == "tuned");
  CHECK(c.params == tuned);

  const std::string corrupt = temp_file("tune-corrupt.json", "{\"format\": 1, \"mr\": 14,");
  c = choose(m, corrupt, "");
  CHECK(c.source == "model");
  CHECK(c.params == base);
  CHECK(c.note.find("refused") != std::string::npos);
  CHECK(c.note.find("using the model") != std::string::npos);

  c = choose(m, ok, "8x16 kc=128");
  CHECK(c.source == "override");
  CHECK(c.params == Params{{8, 16, 1}, {72, 128, 1024}});  // over the tuned blocks
  CHECK(c.note.find("tuned") != std::string::npos);
  for (const char* bad : {"13x16", "14x16 unroll=3", "kc=0", "mc=12x", "fast", "nc=-4"}) {
    INFO(bad);
    CHECK_THROWS_AS(choose(m, none, bad), usage_error);
  }
  std::filesystem::remove(ok);
  std::filesystem::remove(corrupt);
}
