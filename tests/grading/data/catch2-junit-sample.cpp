// The source of catch2-v2-junit.xml and catch2-v3-junit.xml (Catch2 2.13.10 and 3.7.1, run
// with -r junit; names, timestamps and seeds normalised): what the grader reads from each.
#include "support/catch.hpp"
TEST_CASE("passes", "[sample]") { CHECK(1 + 1 == 2); }
TEST_CASE("fails", "[sample]") { INFO("the detail"); CHECK(1 + 1 == 3); }
TEST_CASE("throws", "[sample]") { throw std::runtime_error("not implemented: matmul_naive"); }
TEST_CASE("sections", "[sample]") { SECTION("one") { CHECK(true); } SECTION("two") { CHECK(true); } }
