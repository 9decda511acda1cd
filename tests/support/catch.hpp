// One include for Catch2 v2 and v3, so the tests have one set of sources.
// PARLAB_CATCH_MAJOR comes from the build (the top CMakeLists.txt: the version found).
#pragma once

#if PARLAB_CATCH_MAJOR == 3
#include <catch2/catch_approx.hpp>
#include <catch2/catch_session.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include <string>

// v2 spelled these at namespace scope; v3 moved them. Keep the v2 spellings. CI builds
// v2 only: tests/support/catch_spellings.py fails a test that uses a Catch:: name this
// block does not provide for v3.
using Catch::Approx;
namespace Catch {
inline Matchers::StringContainsMatcher Contains(const std::string& s) { return Matchers::ContainsSubstring(s); }
inline Matchers::StartsWithMatcher StartsWith(const std::string& s) { return Matchers::StartsWith(s); }
}  // namespace Catch
#elif PARLAB_CATCH_MAJOR == 2
#include <catch2/catch.hpp>
#else
#error "PARLAB_CATCH_MAJOR is not set: build the tests through parlab's CMake (it finds Catch2 v2 or v3)"
#endif
