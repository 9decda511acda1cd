// Error types shared by every module.
#pragma once
#include <stdexcept>
#include <string>

namespace parlab {

// Thrown by a student stub: the exercise is still to be written.
// Tests report it by name; drivers print it and exit non-zero.
struct not_implemented : std::logic_error {
  explicit not_implemented(const std::string& what)
      : std::logic_error("not implemented yet: " + what) {}
};

// Bad input from the command line or a config: the message says what and why.
struct usage_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// A result that could not be saved (a full disk, a folder gone): the run's work is lost,
// which is neither bad usage nor a wrong answer. The message names the file and why.
struct io_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace parlab
