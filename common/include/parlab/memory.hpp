// Refuses a problem size that would not fit in this machine's memory, before any
// allocation: a clear usage error instead of the OOM killer.
#pragma once
#include <cstdint>
#include <string>

namespace parlab {

// Throws usage_error if `bytes` would not fit comfortably (more than half the memory).
void require_memory(std::uint64_t bytes, const std::string& what);
std::uint64_t physical_memory_bytes();

}  // namespace parlab
