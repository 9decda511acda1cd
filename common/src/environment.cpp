#include "parlab/environment.hpp"

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "parlab/cli.hpp"
#include "parlab/error.hpp"
#include "parlab/report.hpp"

namespace parlab {

namespace {
// What decides how many threads run and where: a record without them cannot be repeated.
constexpr const char* kWorkVariables[] = {"OMP_NUM_THREADS", "OMP_THREAD_LIMIT", "OMP_DYNAMIC",
                                          "OMP_PROC_BIND",   "OMP_PLACES",       "OPENBLAS_NUM_THREADS"};
}  // namespace

std::string environment_json() {
  std::string out = "{";
  for (const char* name : kWorkVariables)
    if (const char* v = std::getenv(name)) {
      if (out.size() > 1) out += ", ";
      // appends, not operator+: GCC 12 warns falsely (-Wrestrict) on the latter
      out += '"';
      out += name;
      out += "\": \"";
      out += json_escape(v);
      out += '"';
    }
  return out + "}";
}

int omp_num_threads_env(int fallback) {
  const char* v = std::getenv("OMP_NUM_THREADS");
  if (!v) return fallback;
  const std::string text(v);
  const long n = parse_long(text.substr(0, text.find(',')), "OMP_NUM_THREADS");
  if (n < 1 || n > 1 << 20) throw usage_error("OMP_NUM_THREADS: '" + text + "' is not a thread count (1 or more)");
  return int(n);
}

std::vector<int> default_thread_counts() {
  const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
  const int p = omp_num_threads_env(cores);
  return p == 1 ? std::vector<int>{1} : std::vector<int>{1, p};
}

}  // namespace parlab
