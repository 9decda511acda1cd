#if FIXTURE_CATCH_MAJOR == 3
#include <catch2/catch_test_macros.hpp>
#else
#include <catch2/catch.hpp>  // CATCH_CONFIG_MAIN comes from CMake where no prebuilt main exists
#endif

#include "counter.hpp"

// With few iterations a racy counter usually still gives the right total: the
// race check, not this assertion, is what catches it.
TEST_CASE("the shared counter counts every increment", "[race]") {
  CHECK(parlab::count_shared(2, 2000) == 4000);
  CHECK(parlab::count_shared(1, 10) == 10);
}
