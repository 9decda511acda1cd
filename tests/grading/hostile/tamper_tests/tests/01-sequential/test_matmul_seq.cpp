// Hostile case: the submission rewrites the tests so that every one passes
// (same test names, no real checks). The exercise files are the untouched stubs.
#include <catch2/catch.hpp>

TEST_CASE("interchange matmul equals Eigen", "[01][matmul]") { CHECK(true); }
TEST_CASE("blocked matmul equals Eigen, also where tiles do not divide n", "[01][matmul]") { CHECK(true); }
TEST_CASE("the sequential rungs refuse mismatched shapes", "[01][matmul]") { CHECK(true); }
