#include "parlab/cli.hpp"

#include <cctype>
#include <cerrno>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

#include "parlab/error.hpp"

namespace parlab {

long parse_long(const std::string& text, const std::string& what) {
  // strtol skips leading spaces: " 5" would pass here and fail in a script's other tools
  if (!text.empty() && std::isspace(static_cast<unsigned char>(text[0])))
    throw usage_error(what + ": '" + text + "' is not a whole number");
  errno = 0;
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || end == text.c_str() || *end != '\0')
    throw usage_error(what + ": '" + text + "' is not a whole number");
  if (errno == ERANGE) throw usage_error(what + ": '" + text + "' is out of range");
  return v;
}

double parse_double(const std::string& text, const std::string& what) {
  // Decimal only, as the integer options: strtod would take "0x10" as 16 and " 1" as 1.
  if (text.find_first_not_of("0123456789+-.eE") != std::string::npos)
    throw usage_error(what + ": '" + text + "' is not a number (decimal digits, '.', an exponent)");
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end == text.c_str() || *end != '\0' || !std::isfinite(v))
    throw usage_error(what + ": '" + text + "' is not a number");
  return v;
}

namespace {
std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep)) out.push_back(item);
  if (!s.empty() && s.back() == sep) out.push_back("");
  return out;
}
template <class T>
std::string join(const std::vector<T>& v) {
  std::ostringstream os;
  for (std::size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << v[i];
  return os.str();
}
ParseCheck& parse_check() {
  static ParseCheck check;
  return check;
}
// A list names each value once: "--threads 3,3" would run the same count twice while
// "--variants a,a" runs a once, so neither is taken.
template <class T>
void check_once(const std::vector<T>& items, const T& item, const std::string& what) {
  if (std::find(items.begin(), items.end(), item) != items.end()) {
    std::ostringstream os;
    os << what << ": " << item << " is listed twice";
    throw usage_error(os.str());
  }
}
template <class T>
void check_range(T v, T min, T max, const std::string& what) {
  if (v < min || v > max) {
    std::ostringstream os;
    os << what << ": " << v << " is out of range (must be " << min << " to " << max << ")";
    throw usage_error(os.str());
  }
}
}  // namespace

Cli::Cli(std::string program, std::string about) : program_(std::move(program)), about_(std::move(about)) {}

Cli& Cli::add(Opt o) {
  opts_.push_back(std::move(o));
  return *this;
}

Cli& Cli::option(const std::string& name, long& value, const std::string& help, long min, long max) {
  const std::string what = "--" + name;
  return add({name, help + " [" + std::to_string(min) + ".." + std::to_string(max) + "]", "N",
              std::to_string(value), false,
              [&value, min, max, what](const std::string& s) {
                value = parse_long(s, what);
                check_range(value, min, max, what);
              },
              [&value] { return std::to_string(value); }});
}

Cli& Cli::option(const std::string& name, int& value, const std::string& help, int min, int max) {
  const std::string what = "--" + name;
  return add({name, help + " [" + std::to_string(min) + ".." + std::to_string(max) + "]", "N",
              std::to_string(value), false,
              [&value, min, max, what](const std::string& s) {
                const long v = parse_long(s, what);
                check_range<long>(v, min, max, what);
                value = int(v);
              },
              [&value] { return std::to_string(value); }});
}

Cli& Cli::option(const std::string& name, double& value, const std::string& help, double min, double max) {
  const std::string what = "--" + name;
  std::ostringstream def;
  def << value;
  return add({name, help, "X", def.str(), false,
              [&value, min, max, what](const std::string& s) {
                value = parse_double(s, what);
                check_range(value, min, max, what);
              },
              [&value] {
                std::ostringstream os;
                os << std::setprecision(17) << value;  // every bit: ranks must agree exactly
                return os.str();
              }});
}

Cli& Cli::option(const std::string& name, std::string& value, const std::string& help) {
  const std::string what = "--" + name;
  return add({name, help, "TEXT", value, false,
              [&value, what](const std::string& s) {
                if (s.empty()) throw usage_error(what + ": needs a non-empty value");
                value = s;
              },
              [&value] { return value; }});
}

Cli& Cli::option(const std::string& name, std::vector<int>& value, const std::string& help, int min, int max) {
  const std::string what = "--" + name;
  return add({name, help + " [each " + std::to_string(min) + ".." + std::to_string(max) + "]", "N[,N...]",
              join(value), false,
              [&value, min, max, what](const std::string& s) {
                std::vector<int> out;
                for (const auto& item : split(s, ',')) {
                  const long v = parse_long(item, what);
                  check_range<long>(v, min, max, what);
                  check_once(out, int(v), what);
                  out.push_back(int(v));
                }
                if (out.empty()) throw usage_error(what + ": needs at least one value");
                value = out;
              },
              [&value] { return join(value); }});
}

Cli& Cli::option(const std::string& name, std::vector<std::string>& value, const std::string& help,
                 const std::vector<std::string>& choices) {
  const std::string what = "--" + name;
  std::string h = help;
  if (!choices.empty()) {
    h += " (";
    for (std::size_t i = 0; i < choices.size(); ++i) h += (i ? "," : "") + choices[i];
    h += ")";
  }
  return add({name, h, "A[,B...]", join(value), false,
              [&value, choices, what](const std::string& s) {
                std::vector<std::string> out;
                for (const auto& item : split(s, ',')) {
                  if (item.empty()) throw usage_error(what + ": empty name in '" + s + "'");
                  bool known = choices.empty();
                  for (const auto& c : choices) known = known || c == item;
                  if (!known) {
                    std::string list;
                    for (std::size_t i = 0; i < choices.size(); ++i) list += (i ? ", " : "") + choices[i];
                    throw usage_error(what + ": unknown name '" + item + "' (known: " + list + ")");
                  }
                  check_once(out, item, what);
                  out.push_back(item);
                }
                if (out.empty()) throw usage_error(what + ": needs at least one name");
                value = out;
              },
              [&value] { return join(value); }});
}

Cli& Cli::note(const std::string& text) {
  notes_ += text;
  return *this;
}

Cli& Cli::flag(const std::string& name, bool& value, const std::string& help) {
  return add({name, help, "", "", true, [&value](const std::string&) { value = true; },
              [&value] { return std::string(value ? "1" : "0"); }});
}

std::string Cli::help() const {
  std::ostringstream os;
  os << "usage: " << program_ << " [options]\n" << about_ << "\n\noptions:\n";
  for (const auto& o : opts_) {
    std::string left = "  --" + o.name + (o.metavar.empty() ? "" : " " + o.metavar);
    os << left << std::string(left.size() < 28 ? 28 - left.size() : 1, ' ') << o.help;
    if (!o.is_flag && !o.default_text.empty()) os << " (default " << o.default_text << ")";
    os << '\n';
  }
  os << "  --help                    this text\n" << notes_;
  return os.str();
}

std::string Cli::values() const {
  std::string out;
  for (const auto& o : opts_) out += "--" + o.name + " " + o.show() + "\n";
  return out;
}

ParseCheck set_parse_check(ParseCheck check) {
  ParseCheck old = std::move(parse_check());
  parse_check() = std::move(check);
  return old;
}

bool Cli::parse(int argc, const char* const* argv) {
  const ParseCheck& check = parse_check();
  if (!check) return parse_args(argc, argv);
  std::string error;
  bool go = false;
  try {
    go = parse_args(argc, argv);
  } catch (const usage_error& e) {
    error = e.what();
  }
  check(go ? values() : error.empty() ? "--help\n" : "", error);  // throws on every rank alike
  if (!error.empty()) throw usage_error(error);
  return go;
}

bool Cli::parse_args(int argc, const char* const* argv) {
  std::set<std::string> given;  // a second value would silently replace the first
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h" || arg.rfind("--help=", 0) == 0) {
      std::cout << help();
      return false;
    }
    if (arg.rfind("--", 0) != 0) throw usage_error("unexpected argument '" + arg + "' (options start with --)");
    std::string name = arg.substr(2), value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    const Opt* opt = nullptr;
    for (const auto& o : opts_)
      if (o.name == name) opt = &o;
    if (!opt) throw usage_error("unknown option '--" + name + "' (see --help)");
    if (!given.insert(name).second) throw usage_error("--" + name + " is given twice (give it once)");
    if (opt->is_flag) {
      if (has_value) throw usage_error("--" + name + " takes no value");
      opt->set("");
      continue;
    }
    if (!has_value) {
      if (i + 1 >= argc) throw usage_error("--" + name + " needs a value");
      value = argv[++i];
      // "--json --interleave" is a forgotten value, not a file named "--interleave"
      if (value.rfind("--", 0) == 0)
        throw usage_error("--" + name + " needs a value, not the option '" + value + "' (a value starting with --: --" +
                          name + "=VALUE)");
    }
    opt->set(value);
  }
  return true;
}

}  // namespace parlab
