// The validation step every 02-async driver shares: print the "Solution
// validates" line and, on success, start the JSON record for this module.
#pragma once
#include <optional>
#include <string>

#include "parlab/report.hpp"

namespace parlab::async {

inline std::optional<Record> checked_record(const std::string& kernel, const std::string& variant, bool ok,
                                            const std::string& detail, int& failed) {
  print_validates(variant, ok, detail);
  if (!ok) {
    ++failed;
    return std::nullopt;
  }
  Record r;
  r.module = "02-async";
  r.kernel = kernel;
  r.variant = variant;
  r.validated = true;
  return r;
}

}  // namespace parlab::async
