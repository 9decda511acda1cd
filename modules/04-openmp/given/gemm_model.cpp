// The machine's tile and blocks (gemm_model.hpp): the model, the tune file, the override.
#include "gemm_model.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "parlab/error.hpp"
#include "parlab/report.hpp"

namespace parlab::omp::kernel {

namespace {

std::string read_line(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::string s;
  std::getline(in, s);
  return s;
}

// "48K", "2048K", "260M" -> bytes (0: unreadable).
std::size_t size_bytes(const std::string& s) {
  char* end = nullptr;
  const unsigned long v = std::strtoul(s.c_str(), &end, 10);
  if (end == s.c_str()) return 0;
  const char unit = *end;
  return v * (unit == 'K' ? 1024ul : unit == 'M' ? 1024ul * 1024 : unit == 'G' ? 1024ul * 1024 * 1024 : 1ul);
}

std::string cpu_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos)
      return line.substr(line.find(':') + 2);
  return "unknown";
}

// The data caches of cpu0 from sysfs (Linux), else sysconf (glibc), else typical sizes.
void read_caches(Machine& m) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& d : fs::directory_iterator("/sys/devices/system/cpu/cpu0/cache", ec)) {
    if (d.path().filename().string().rfind("index", 0) != 0) continue;
    const std::string type = read_line(d.path() / "type"), level = read_line(d.path() / "level");
    const std::size_t bytes = size_bytes(read_line(d.path() / "size"));
    std::size_t* slot = level == "1" ? &m.l1d : level == "2" ? &m.l2 : level == "3" ? &m.l3 : nullptr;
    if (type != "Instruction" && bytes && slot) *slot = bytes;
  }
  if (m.l1d && m.l2) m.caches_from = "sysfs";
#ifdef _SC_LEVEL1_DCACHE_SIZE
  const auto conf = [](int name) { const long v = sysconf(name); return v > 0 ? std::size_t(v) : 0; };
  if (!m.l1d || !m.l2) {
    m.l1d = conf(_SC_LEVEL1_DCACHE_SIZE), m.l2 = conf(_SC_LEVEL2_CACHE_SIZE), m.l3 = conf(_SC_LEVEL3_CACHE_SIZE);
    m.caches_from = "sysconf";
  }
#endif
  if (!m.l1d || !m.l2) m.l1d = 32 * 1024, m.l2 = 1024 * 1024, m.caches_from = "assumed";
  if (!m.l3) m.l3 = m.l2;  // no L3: the B block lives in L2 as well as it can
}

// The build's target: what the micro-kernel's vectors really are. PARLAB_VECTOR_BITS comes
// from CMakeLists.txt with -mprefer-vector-width=512 (else g++ splits them into 256 bits).
constexpr std::size_t kTargetDoubles =
#if defined(PARLAB_VECTOR_BITS)
    PARLAB_VECTOR_BITS / 64;
#elif defined(__AVX__)
    4;
#else
    2;
#endif
constexpr int kTargetRegisters =
#if defined(__AVX512F__) || defined(__aarch64__)
    32;
#else
    16;
#endif

std::size_t round_down(std::size_t x, std::size_t m) { return std::max(m, x / m * m); }

}  // namespace

Machine this_machine() {
  Machine m;
  m.cpu = cpu_name();
  m.vector_doubles = kTargetDoubles;
  m.vector_registers = kTargetRegisters;
#if defined(__x86_64__) || defined(__i386__)
  m.cpu_avx512 = __builtin_cpu_supports("avx512f");
#endif
  if (const char* f = std::getenv("PARLAB_FMA"); f && *f) {  // "latency x units", e.g. "4x1"
    int lat = 0, units = 0;
    char end = 0;
    if (std::sscanf(f, "%dx%d%c", &lat, &units, &end) != 2 || lat < 1 || lat > 64 || units < 1 || units > 8)
      throw usage_error(std::string("PARLAB_FMA: '") + f + "' is not latency x units, e.g. 4x2");
    m.fma_latency = lat, m.fma_units = units, m.fma_from = "PARLAB_FMA";
  }
  read_caches(m);
  return m;
}

namespace {
std::size_t vectors_per_row(const MicroTile& t, const Machine& m) {
  return (t.nr + m.vector_doubles - 1) / m.vector_doubles;
}
std::size_t accumulators(const MicroTile& t, const Machine& m) { return t.mr * vectors_per_row(t, m); }
}  // namespace

std::size_t registers_needed(const MicroTile& t, const Machine& m) {
  return accumulators(t, m) + vectors_per_row(t, m) + 1;
}

double intensity(const MicroTile& t) { return double(t.mr * t.nr) / double(t.mr + t.nr); }

// A tile is worth trying when it fits the registers (else the accumulators spill) and has
// enough independent accumulators to keep every FMA unit busy through the FMA's latency.
std::vector<MicroTile> feasible_tiles(const Machine& m) {
  const std::size_t in_flight = std::size_t(m.fma_latency * m.fma_units);
  std::vector<MicroTile> out;
  for (const MicroTile& t : compiled_tiles()) {
    if (t.unroll == 1 && registers_needed(t, m) <= std::size_t(m.vector_registers) && accumulators(t, m) >= in_flight)
      out.push_back(t);
  }
  std::stable_sort(out.begin(), out.end(), [](const MicroTile& a, const MicroTile& b) {
    return intensity(a) != intensity(b) ? intensity(a) > intensity(b) : a.mr * a.nr > b.mr * b.nr;
  });
  return out;
}

Model model(const Machine& m) {
  Model out;
  auto& why = out.why;
  const auto kib = [](std::size_t b) { return std::to_string(b / 1024) + " KiB"; };
  why.push_back("machine: " + m.cpu + "; vectors of " + std::to_string(m.vector_doubles) + " doubles, " +
                std::to_string(m.vector_registers) + " vector registers (the build's target" +
                (m.cpu_avx512 && m.vector_doubles < 8 ? "; the CPU has AVX-512, this build does not use it" : "") +
                "); FMA latency " + std::to_string(m.fma_latency) + " x " + std::to_string(m.fma_units) +
                " units (" + m.fma_from + "); L1d " + kib(m.l1d) + ", L2 " + kib(m.l2) + ", L3 " + kib(m.l3) +
                " (" + m.caches_from + ")");
  // 1. The register tile: the most FMAs per double loaded among those that fit.
  const std::vector<MicroTile> tiles = feasible_tiles(m);
  MicroTile t = tiles.empty() ? MicroTile{2, 8, 1} : tiles.front();
  why.push_back("tile " + std::to_string(t.mr) + "x" + std::to_string(t.nr) + ": " +
                std::to_string(registers_needed(t, m)) + " of " + std::to_string(m.vector_registers) +
                " registers (accumulators + a row of B + a broadcast of A), >= " +
                std::to_string(m.fma_latency * m.fma_units) + " accumulators in flight, the most FMAs per double " +
                "loaded (" + fmt(intensity(t), 2) + ") of the tiles that fit");
  // 2. Unrolling the depth loop: only where the tile is too small to hide the loop's own overhead.
  const std::size_t acc = accumulators(t, m);
  if (acc < 2 * std::size_t(m.fma_latency * m.fma_units) && compiled({t.mr, t.nr, 2})) t.unroll = 2;
  why.push_back("unroll " + std::to_string(t.unroll) + ": " + std::to_string(acc) +
                " vector FMAs per step of the depth " + (t.unroll == 1 ? "hide the loop's counter and branch"
                                                                       : "are few: two steps per iteration"));
  // 3. The blocks. mc: each kc x nr panel of B is reused by mc/mr panels of A (8 of them);
  // kc: the mc x kc block of A and the B panel fill half of L2 (the other half: C's tiles,
  // the next panels); nc: the kc x nc block of B fills half of L3.
  Blocking b;
  b.mc = 8 * t.mr;
  b.kc = std::clamp<std::size_t>(round_down(m.l2 / 2 / (8 * (b.mc + t.nr)), 8), 16, 4096);
  b.nc = std::clamp<std::size_t>(round_down(m.l3 / 2 / (8 * b.kc), t.nr), t.nr, 1 << 20);
  why.push_back("mc " + std::to_string(b.mc) + " = 8 panels of " + std::to_string(t.mr) +
                " rows: each B panel loaded into L1 serves 8 tiles");
  why.push_back("kc " + std::to_string(b.kc) + ": the A block (mc x kc) and one B panel (kc x nr) fill half of L2 (" +
                kib(m.l2 / 2) + "); the tile loads " + fmt(intensity(t), 1) +
                " FMAs per double, few enough bytes per cycle for L2 to feed, so a deep kc that writes C less often wins");
  why.push_back("nc " + std::to_string(b.nc) + ": the kc x nc block of B fills half of L3 (" + kib(m.l3 / 2) + ")");
  out.params = {t, b};
  return out;
}

Params apply_override(Params p, const std::string& text) {
  std::istringstream words(text);
  std::string w;
  const auto bad = [&](const std::string& why) { return usage_error("PARLAB_GEMM: '" + w + "' " + why); };
  static const std::regex tile(R"((\d{1,3})x(\d{1,3}))"), key(R"((unroll|mc|kc|nc)=(\d{1,9}))");
  while (words >> w) {
    std::smatch s;
    if (std::regex_match(w, s, tile)) {
      p.tile.mr = std::stoul(s[1]), p.tile.nr = std::stoul(s[2]);
    } else if (std::regex_match(w, s, key)) {
      const std::size_t v = std::stoul(s[2]);
      (s[1] == "unroll" ? p.tile.unroll : s[1] == "mc" ? p.blocks.mc : s[1] == "kc" ? p.blocks.kc : p.blocks.nc) = v;
    } else {
      throw bad("is not a tile (14x16) or unroll=, mc=, kc=, nc= with a whole number");
    }
  }
  try {
    check_params(p);
  } catch (const std::invalid_argument& e) {
    std::string have;
    for (const MicroTile& t : compiled_tiles())
      have += " " + std::to_string(t.mr) + "x" + std::to_string(t.nr) + "/" + std::to_string(t.unroll);
    throw usage_error("PARLAB_GEMM: " + std::string(e.what()) + " (tiles/unrolls compiled:" + have + ")");
  }
  return p;
}

namespace {
// What makes a tune file stale: another CPU, other vectors, other caches, another tile set.
std::string build_signature(const Machine& m) {
  std::string s = "v" + std::to_string(m.vector_doubles) + "r" + std::to_string(m.vector_registers) + " L1 " +
                  std::to_string(m.l1d) + " L2 " + std::to_string(m.l2) + " L3 " + std::to_string(m.l3) + " tiles";
  for (const MicroTile& t : compiled_tiles())
    s += " " + std::to_string(t.mr) + "x" + std::to_string(t.nr) + "/" + std::to_string(t.unroll);
  return s;
}

// The tune file is a flat JSON object of strings and whole numbers (tune_json writes it).
bool parse_flat_json(const std::string& text, std::map<std::string, std::string>& out, std::string& why) {
  static const std::regex pair(R"re(\s*"([a-z_]+)"\s*:\s*("((?:[^"\\]|\\.)*)"|-?\d{1,12})\s*(,|\}))re");
  std::size_t at = text.find('{');
  if (at == std::string::npos || text.find_first_not_of(" \t\r\n") != at) return why = "not a JSON object", false;
  ++at;
  for (bool done = false; !done;) {
    std::smatch s;
    const std::string rest = text.substr(at);
    if (!std::regex_search(rest, s, pair, std::regex_constants::match_continuous))
      return why = "not a flat object of strings and whole numbers near offset " + std::to_string(at), false;
    out[s[1]] = s[3].matched ? std::string(s[3]) : std::string(s[2]);
    done = s[4] == "}";
    at += std::size_t(s.length(0));
  }
  if (text.find_first_not_of(" \t\r\n", at) != std::string::npos) return why = "text after the object", false;
  return true;
}
}  // namespace

bool read_tune(const std::string& text, const Machine& m, Params& out, std::string& why) {
  std::map<std::string, std::string> f;
  if (!parse_flat_json(text, f, why)) return false;
  for (const char* k : {"format", "cpu", "build", "mr", "nr", "unroll", "mc", "kc", "nc"})
    if (!f.count(k)) return why = std::string("no \"") + k + "\"", false;
  if (f["format"] != "1") return why = "format " + f["format"] + ", this build reads 1", false;
  if (f["cpu"] != m.cpu) return why = "made on another CPU (" + f["cpu"] + ")", false;
  if (f["build"] != build_signature(m)) return why = "made for another build (vectors, caches or tiles differ)", false;
  Params p;
  try {
    p.tile = {std::stoul(f["mr"]), std::stoul(f["nr"]), std::stoul(f["unroll"])};
    p.blocks = {std::stoul(f["mc"]), std::stoul(f["kc"]), std::stoul(f["nc"])};
    check_params(p);
  } catch (const std::exception& e) {  // a negative number, a tile not compiled, a block out of range
    return why = std::string("bad parameters: ") + e.what(), false;
  }
  out = p;
  return true;
}

std::string tune_json(const Params& p, const Machine& m) {
  std::ostringstream os;
  os << "{\"format\": 1, \"cpu\": \"" << json_escape(m.cpu) << "\", \"build\": \"" << json_escape(build_signature(m))
     << "\",\n \"mr\": " << p.tile.mr << ", \"nr\": " << p.tile.nr << ", \"unroll\": " << p.tile.unroll
     << ", \"mc\": " << p.blocks.mc << ", \"kc\": " << p.blocks.kc << ", \"nc\": " << p.blocks.nc << "}\n";
  return os.str();
}

std::string default_tune_path() {
  if (const char* p = std::getenv("PARLAB_GEMM_TUNE"); p && *p) return p;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("tune.json") : (exe.parent_path().parent_path() / "tune.json").string();
}

Choice choose(const Machine& m, const std::string& tune_path, const std::string& override_text) {
  Choice c{model(m).params, "model", ""};
  std::ifstream in(tune_path);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    std::string why;
    Params tuned;
    if (read_tune(text.str(), m, tuned, why))
      c = {tuned, "tuned", tune_path};
    else
      c.note = "refused " + tune_path + ": " + why + "; using the model (run make tune again)";
  }
  if (!override_text.empty()) {
    c.params = apply_override(c.params, override_text);
    c.note = "PARLAB_GEMM='" + override_text + "' over the " + c.source + (c.note.empty() ? "" : "; " + c.note);
    c.source = "override";
  }
  return c;
}

const Choice& machine_params() {
  static const Choice c = [] {
    const char* o = std::getenv("PARLAB_GEMM");
    return choose(this_machine(), default_tune_path(), o ? o : "");
  }();
  return c;
}

std::string choice_json(const Choice& c) {
  const Params& p = c.params;
  std::ostringstream os;
  os << "{\"mr\": " << p.tile.mr << ", \"nr\": " << p.tile.nr << ", \"unroll\": " << p.tile.unroll
     << ", \"mc\": " << p.blocks.mc << ", \"kc\": " << p.blocks.kc << ", \"nc\": " << p.blocks.nc
     << ", \"source\": \"" << c.source << "\", \"note\": \"" << json_escape(c.note) << "\"}";
  return os.str();
}

}  // namespace parlab::omp::kernel
