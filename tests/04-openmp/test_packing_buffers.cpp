// Module 04's packing buffers (given/packing_buffers.cpp): aligned, kept when freed and
// handed to the next request that fits, and a request none fits gets a buffer of its own.
#include "support/catch.hpp"

#include <cstdint>

#include "gemm_kernel.hpp"

using namespace parlab::omp::kernel;

namespace {
bool aligned64(const double* p) { return reinterpret_cast<std::uintptr_t>(p) % 64 == 0; }
}  // namespace

TEST_CASE("a freed packing buffer serves the next that fits, and a larger request gets its own", "[gemm][buffers]") {
  double* first = nullptr;
  {
    Buffer b = make_buffer(100000);
    first = b.get();
    CHECK(aligned64(first));
    b[99999] = 1.0;  // the whole size is ours
  }
  {
    Buffer b = make_buffer(90000);  // fits the freed one: the same memory, no page faults
    CHECK(b.get() == first);
    Buffer c = make_buffer(90000);  // the spare is taken: a new one
    CHECK(c.get() != first);
    CHECK(aligned64(c.get()));
  }
  Buffer big = make_buffer(400000);  // fits no spare: its own, and the pool starts afresh
  CHECK(aligned64(big.get()));
  big[399999] = 2.0;
  CHECK(make_buffer(0).get() != nullptr);  // an empty request still gets a valid buffer
}
