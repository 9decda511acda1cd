#include "parlab/memory.hpp"

#include <unistd.h>

#include <sstream>

#include "parlab/error.hpp"

namespace parlab {

std::uint64_t physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? std::uint64_t(pages) * std::uint64_t(size) : 0;
}

void require_memory(std::uint64_t bytes, const std::string& what) {
  const std::uint64_t have = physical_memory_bytes();
  const double gib = 1024.0 * 1024 * 1024;
  if (have && bytes > have / 2) {
    std::ostringstream os;
    os.precision(3);
    os << what << " needs " << bytes / gib << " GiB, more than half of this machine's " << have / gib
       << " GiB of memory; choose a smaller size";
    throw usage_error(os.str());
  }
}

}  // namespace parlab
