// Uniform driver output: banner, "Solution validates" line, rate line, tables and
// JSON records ({"context": {...}, "records": [...]}; docs/design.md lists the fields).
#pragma once
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parlab/timing.hpp"

namespace parlab {

// What bounds a kernel's rate: the cores' floating-point peak or the memory bandwidth
// (parlab/roof.hpp measures both). "% of roof" is its rate against that roof.
enum class Roof { none, compute, memory };
// Where a rung's timed region ends. host: when its function returns (the work is done);
// data_back: an offload rung's results are back in host memory before the clock stops;
// transfers_excluded: only the device's work is timed (inputs uploaded before, results
// downloaded after, both untimed); staging_excluded: a host rung's run alone is timed, its
// setup before and its results collected after untimed (an MPI rung: each rank's block made,
// the field gathered; the record's note `untimed` says what).
enum class Fence { host, data_back, transfers_excluded, staging_excluded };
const char* roof_name(Roof r);    // "compute", "memory", "" (none)
const char* fence_name(Fence f);  // "host", "data_back", "transfers_excluded", "staging_excluded"

struct Record {
  std::string module;   // "01-sequential"
  std::string kernel;   // "matmul" | "render" | ...
  std::string variant;  // the rung's name
  // The problem: its named sizes ("n"; "m", "k"; "width", "height", "frames"), each a
  // top-level key of the JSON and listed in "sizes"; one run's work, in floating-point
  // operations and bytes moved to or from memory (0: not counted); what bounds it.
  std::vector<std::pair<std::string, long>> sizes;
  double flops = 0, bytes = 0;
  Roof roof = Roof::none;
  int threads = 1;
  int ranks = 1;
  std::string device;          // the offload device the rung ran on; empty: the host
  Fence fence = Fence::host;   // where its timed region ends
  // The workers the rung used: efficiency divides by it, and the JSON carries it so that
  // the Python tools (tools/parlab/records.py) read it rather than define it again.
  int workers() const { return threads * ranks; }
  Stats stats;
  double rate = 0;
  std::string rate_unit;  // "GFLOP/s", "Mpixel/s", ...
  bool validated = false;
  std::vector<std::pair<std::string, long>> params;        // whole-number parameters: seed, samples, ...
  std::vector<std::pair<std::string, double>> extra;       // speedup, efficiency, pct_peak, ...
  std::vector<std::pair<std::string, std::string>> notes;  // free-form strings
  std::vector<std::pair<std::string, std::vector<double>>> arrays;  // per-rank values, ...

  void set_size(const std::string& name, long value);  // adds or replaces
  long size(std::string_view name) const;              // 0: no such size
};

// "== parlab 01-sequential :: matmul :: n=512 threads=1 ranks=1 =="
void print_banner(std::string_view module, std::string_view kernel, std::string_view params);
// "Solution validates [naive]" or "Solution FAILS [naive]: detail"
void print_validates(std::string_view variant, bool ok, std::string_view detail = {});
// "Rate [naive]: 1.234 GFLOP/s (median 0.1234 s, min 0.12, max 0.13, 5 reps)"
void print_rate(std::string_view variant, double rate, std::string_view unit, const Stats& s);

// A plain text table with aligned columns.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& os) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

std::string fmt(double v, int precision = 3);  // fixed, "-" for NaN
std::string json_escape(std::string_view s);

// Collects records and writes them as one JSON document.
class JsonReport {
 public:
  void add(Record r) { records_.push_back(std::move(r)); }
  // An extra context entry, `json` already JSON ({"blas": {"vendor": ...}}).
  void add_context(std::string key, std::string json) { context_.push_back({std::move(key), std::move(json)}); }
  std::string to_string() const;
  void write(const std::string& path) const;  // whole or not at all; throws io_error if it cannot

 private:
  std::vector<Record> records_;
  std::vector<std::pair<std::string, std::string>> context_;
};

// host, commit, date, compiler, flags, cpu, blas, env (parlab/environment.hpp) and the
// `extra` entries - as a JSON object.
std::string context_json(const std::vector<std::pair<std::string, std::string>>& extra = {});

}  // namespace parlab
