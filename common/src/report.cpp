#include "parlab/report.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "parlab/atomic_file.hpp"
#include "parlab/blas_info.hpp"
#include "parlab/build_info.hpp"
#include "parlab/environment.hpp"

namespace parlab {

const char* roof_name(Roof r) {
  switch (r) {
    case Roof::compute: return "compute";
    case Roof::memory: return "memory";
    case Roof::none: break;
  }
  return "";
}

const char* fence_name(Fence f) {
  switch (f) {
    case Fence::data_back: return "data_back";
    case Fence::transfers_excluded: return "transfers_excluded";
    case Fence::staging_excluded: return "staging_excluded";
    case Fence::host: break;
  }
  return "host";
}

void Record::set_size(const std::string& name, long value) {
  for (auto& [key, v] : sizes)
    if (key == name) {
      v = value;
      return;
    }
  sizes.emplace_back(name, value);
}

long Record::size(std::string_view name) const {
  for (const auto& [key, v] : sizes)
    if (key == name) return v;
  return 0;
}

void print_banner(std::string_view module, std::string_view kernel, std::string_view params) {
  std::cout << "== parlab " << module << " :: " << kernel << " :: " << params << " ==\n";
}

void print_validates(std::string_view variant, bool ok, std::string_view detail) {
  if (ok)
    std::cout << "Solution validates [" << variant << "]";
  else
    std::cout << "Solution FAILS [" << variant << "]";
  if (!detail.empty()) std::cout << (ok ? " (" : ": ") << detail << (ok ? ")" : "");
  std::cout << '\n';
}

void print_rate(std::string_view variant, double rate, std::string_view unit, const Stats& s) {
  std::cout << "Rate [" << variant << "]: " << fmt(rate, 3) << ' ' << unit << " (median "
            << fmt(s.median, 6) << " s, min " << fmt(s.min, 6) << ", max " << fmt(s.max, 6) << ", "
            << s.reps << " reps)\n";
}

std::string fmt(double v, int precision) {
  if (std::isnan(v)) return "-";
  std::ostringstream os;
  os << std::fixed << std::setprecision(precision) << v;
  return os.str();
}

void Table::print(std::ostream& os) const {
  std::vector<std::size_t> w(header_.size(), 0);
  auto widen = [&](const std::vector<std::string>& r) {
    for (std::size_t c = 0; c < r.size() && c < w.size(); ++c) w[c] = std::max(w[c], r[c].size());
  };
  widen(header_);
  for (const auto& r : rows_) widen(r);
  auto line = [&](const std::vector<std::string>& r) {
    for (std::size_t c = 0; c < w.size(); ++c) {
      const std::string cell = c < r.size() ? r[c] : "";
      // First column left-aligned (names), the rest right-aligned (numbers).
      if (c == 0)
        os << std::left << std::setw(int(w[c])) << cell;
      else
        os << "  " << std::right << std::setw(int(w[c])) << cell;
    }
    os << '\n';
  };
  line(header_);
  std::size_t total = 0;
  for (auto x : w) total += x + 2;
  os << std::string(total - 2, '-') << '\n';
  for (const auto& r : rows_) line(r);
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", ch);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out;
}

namespace {
std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  std::ostringstream os;
  os << std::setprecision(9) << v;
  return os.str();
}
std::string quoted(std::string_view s) {
  std::string out(1, '"');  // appends, not operator+: GCC 12 warns falsely (-Wrestrict) on the latter
  out += json_escape(s);
  out += '"';
  return out;
}

// What the problem is and how the run was placed and timed (docs/record-format.md).
void write_problem(std::ostream& os, const Record& x) {
  if (!x.sizes.empty()) {
    os << ", \"sizes\": {";
    for (std::size_t i = 0; i < x.sizes.size(); ++i) os << (i ? ", " : "") << quoted(x.sizes[i].first) << ": " << x.sizes[i].second;
    os << "}";
  }
  if (x.flops > 0) os << ", \"flops\": " << num(x.flops);
  if (x.bytes > 0) os << ", \"bytes\": " << num(x.bytes);
  if (x.flops > 0 && x.bytes > 0) os << ", \"intensity\": " << num(x.flops / x.bytes);  // flop per byte
  if (x.roof != Roof::none) os << ", \"roof\": " << quoted(roof_name(x.roof));
  if (!x.device.empty()) os << ", \"device\": " << quoted(x.device);
  os << ", \"fence\": " << quoted(fence_name(x.fence));
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      auto pos = line.find(':');
      if (pos != std::string::npos) return line.substr(pos + 2);
    }
  return "unknown";
}
}  // namespace

std::string context_json(const std::vector<std::pair<std::string, std::string>>& extra) {
  char host[256] = "unknown";
  gethostname(host, sizeof host - 1);
  std::time_t now = std::time(nullptr);
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  std::ostringstream os;
  os << "{\"host\": " << quoted(host) << ", \"commit\": " << quoted(build_info::commit)
     << ", \"date\": " << quoted(date) << ", \"compiler\": " << quoted(build_info::compiler)
     << ", \"flags\": " << quoted(build_info::flags) << ", \"cpu\": " << quoted(cpu_model())
     << ", \"blas\": " << blas_context_json()  // which BLAS kernel the reference rungs ran
     << ", \"env\": " << environment_json();    // what changes how many threads run, and where
  for (const auto& [key, json] : extra) os << ", " << quoted(key) << ": " << json;
  os << "}";
  return os.str();
}

std::string JsonReport::to_string() const {
  std::ostringstream os;
  os << "{\n  \"context\": " << context_json(context_) << ",\n  \"records\": [";
  for (std::size_t r = 0; r < records_.size(); ++r) {
    const Record& x = records_[r];
    os << (r ? ",\n" : "\n") << "    {\"module\": " << quoted(x.module)
       << ", \"kernel\": " << quoted(x.kernel) << ", \"variant\": " << quoted(x.variant);
    for (const auto& [key, v] : x.sizes) os << ", " << quoted(key) << ": " << v;
    for (const auto& [key, v] : x.params) os << ", " << quoted(key) << ": " << v;
    os << ", \"threads\": " << x.threads << ", \"ranks\": " << x.ranks << ", \"workers\": " << x.workers()
       << ", \"reps\": " << x.stats.reps
       << ", \"min_s\": " << num(x.stats.min) << ", \"median_s\": " << num(x.stats.median)
       << ", \"max_s\": " << num(x.stats.max) << ", \"mean_s\": " << num(x.stats.mean)
       << ", \"stddev_s\": " << num(x.stats.stddev) << ", \"rate\": " << num(x.rate)
       << ", \"rate_unit\": " << quoted(x.rate_unit)
       << ", \"validated\": " << (x.validated ? "true" : "false");
    write_problem(os, x);
    for (const auto& [key, v] : x.extra) os << ", " << quoted(key) << ": " << num(v);
    for (const auto& [key, v] : x.notes) os << ", " << quoted(key) << ": " << quoted(v);
    for (const auto& [key, v] : x.arrays) {
      os << ", " << quoted(key) << ": [";
      for (std::size_t i = 0; i < v.size(); ++i) os << (i ? ", " : "") << num(v[i]);
      os << "]";
    }
    os << "}";
  }
  os << "\n  ]\n}\n";
  return os.str();
}

void JsonReport::write(const std::string& path) const { write_file_atomically(path, to_string()); }

}  // namespace parlab
