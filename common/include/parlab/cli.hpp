// The command-line parser: --name value or --name=value, typed options with ranges,
// comma lists, flags and an automatic --help. It only parses: the run options every
// ladder driver shares are added by parlab/ladder.hpp, checks on files by parlab/output.hpp.
// An MPI program also has every rank compare what it parsed (set_parse_check).
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace parlab {

class Cli {
 public:
  Cli(std::string program, std::string about);

  Cli& option(const std::string& name, long& value, const std::string& help, long min, long max);
  Cli& option(const std::string& name, int& value, const std::string& help, int min, int max);
  Cli& option(const std::string& name, double& value, const std::string& help, double min, double max);
  Cli& option(const std::string& name, std::string& value, const std::string& help);
  // A comma-separated list of integers, each in [min, max]: "--threads 1,2,4".
  Cli& option(const std::string& name, std::vector<int>& value, const std::string& help, int min, int max);
  // A comma-separated list of names, each one of `choices` (empty choices: any).
  Cli& option(const std::string& name, std::vector<std::string>& value, const std::string& help,
              const std::vector<std::string>& choices);
  Cli& flag(const std::string& name, bool& value, const std::string& help);
  // Text printed after the options in --help (the rung list, examples).
  Cli& note(const std::string& text);

  // Throws usage_error on unknown options, missing or bad values.
  // Returns false if --help was given (the help text was printed): exit 0.
  // Then hands the outcome to the parse check, if one is installed (set_parse_check).
  bool parse(int argc, const char* const* argv);
  std::string help() const;
  // Every option's value now, one "--name value" line each (flags: 0 or 1).
  std::string values() const;

 private:
  struct Opt {
    std::string name, help, metavar, default_text;
    bool is_flag = false;
    std::function<void(const std::string&)> set;
    std::function<std::string()> show;  // the value now, as text
  };
  Cli& add(Opt o);
  bool parse_args(int argc, const char* const* argv);
  std::string program_, about_, notes_;
  std::vector<Opt> opts_;
};

// Called at the end of every Cli::parse with what was parsed (Cli::values(), or "--help")
// and the usage error's message (empty if none). parlab::mpi::run_main installs one that
// compares the ranks' outcomes with one collective and throws usage_error on every rank
// if any rank failed or parsed other values: ranks that disagree must not go on.
using ParseCheck = std::function<void(const std::string& parsed, const std::string& error)>;
// Installs `check` for every later parse (an empty one: none); returns the one it replaces.
ParseCheck set_parse_check(ParseCheck check);

// Parse helpers (throw usage_error naming `what`).
long parse_long(const std::string& text, const std::string& what);
double parse_double(const std::string& text, const std::string& what);

}  // namespace parlab
