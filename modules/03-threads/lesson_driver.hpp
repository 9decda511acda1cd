// Shared by the lesson drivers (threads_sync, threads_false_sharing), which time
// counters rather than matmul or render and so cannot use the driver frameworks:
// the same rate lines, table and JSON records, by hand.
#pragma once
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "parlab/cli.hpp"
#include "parlab/driver.hpp"
#include "parlab/error.hpp"
#include "parlab/report.hpp"
#include "parlab/timing.hpp"

namespace parlab::threads {

// Fails before any work if the JSON file cannot be written (as the frameworks do).
inline void check_json_path(const std::string& path) {
  if (path.empty()) return;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) prepare_output_dir(parent.string());
  std::ofstream probe(path, std::ios::app);
  if (!probe) throw usage_error("cannot write JSON file '" + path + "'");
}

inline std::string label(const std::string& variant, int threads) { return variant + " x" + std::to_string(threads); }

// Times fn (already run and validated once: that was the warm-up), prints the rate
// line, and returns the record. `work` is in millions of `unit` items.
inline Record timed_record(const std::string& kernel, const std::string& variant, int threads, double work_millions,
                           const std::string& unit, bool validated, const TimingOptions& opt,
                           const std::function<void()>& fn) {
  Record r;
  r.module = "03-threads";
  r.kernel = kernel;
  r.variant = variant;
  r.threads = threads;
  r.validated = validated;
  r.stats = measure(fn, opt);
  r.rate = work_millions / r.stats.median;
  r.rate_unit = unit;
  print_rate(label(variant, threads), r.rate, unit, r.stats);
  return r;
}

// Prints the table; each record gets extra["<ratio_name>"] = its rate over the rate
// of `base` at the same thread count (when `base` ran at that count).
inline void ratio_table(std::vector<Record>& recs, const std::string& base, const std::string& ratio_name) {
  std::map<int, double> base_rate;
  for (const auto& r : recs)
    if (r.variant == base) base_rate[r.threads] = r.rate;
  Table t({"variant", "threads", "median s", "min s", "max s", recs.empty() ? "rate" : recs[0].rate_unit,
           "x " + base});
  for (auto& r : recs) {
    const double ratio = base_rate.count(r.threads) ? r.rate / base_rate[r.threads] : NAN;
    if (base_rate.count(r.threads)) r.extra.push_back({ratio_name, ratio});
    t.add({r.variant, std::to_string(r.threads), fmt(r.stats.median, 4), fmt(r.stats.min, 4), fmt(r.stats.max, 4),
           fmt(r.rate, 2), fmt(ratio, 2)});
  }
  std::cout << '\n';
  t.print(std::cout);
}

inline void write_json(const std::vector<Record>& recs, const std::string& path) {
  if (path.empty()) return;
  JsonReport rep;
  for (const auto& r : recs) rep.add(r);
  rep.write(path);
  std::cout << "JSON records: " << path << '\n';
}

}  // namespace parlab::threads
