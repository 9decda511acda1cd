#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "counter.hpp"

// With few iterations a racy counter usually still gives the right total: the
// race check, not this assertion, is what catches it.
TEST_CASE("the shared counter counts every increment", "[race]") {
  CHECK(count_shared(2, 2000) == 4000);
  CHECK(count_shared(1, 10) == 10);
}
