# Catch2 v3 (Ubuntu 24.04, Debian 13, Homebrew) or v2 (Debian 12, Ubuntu 22.04), one set
# of test sources (tests/support/catch.hpp picks the headers by PARLAB_CATCH_MAJOR).
#   parlab_catch       Catch2 + tests/ on the include path + PARLAB_CATCH_MAJOR
#   parlab_catch_main  the same with Catch2's main (v3: Catch2::Catch2WithMain)
# Without Catch2 the configure stops and says how to get it: tests are never skipped silently.
find_package(Catch2 QUIET)
if(NOT Catch2_FOUND OR NOT Catch2_VERSION_MAJOR MATCHES "^[23]$")
  if(Catch2_FOUND)
    set(_why "Catch2 ${Catch2_VERSION} found (${Catch2_DIR}), but parlab needs v2 or v3")
  else()
    set(_why "Catch2 not found")
  endif()
  message(FATAL_ERROR "parlab: ${_why}. The tests need Catch2 2.13 or 3.x:\n"
    "  Debian/Ubuntu: apt install catch2   (tools/install-deps.sh)\n"
    "  macOS: brew install catch2\n"
    "  your own install: cmake -DCMAKE_PREFIX_PATH=/where/catch2/is ...\n"
    "or build without the tests: cmake -DPARLAB_BUILD_TESTS=OFF ...")
endif()
set(PARLAB_CATCH_MAJOR ${Catch2_VERSION_MAJOR})
message(STATUS "parlab: Catch2 ${Catch2_VERSION} (${Catch2_DIR})")
include(Catch)  # catch_discover_tests, from the Catch2 that was found
# A CTest entry whose filter matches no test case must fail, not pass with "No tests ran":
# v3 does that by itself (exit 2), v2 when asked (cmake/ParlabHelpers.cmake parlab_test).
if(PARLAB_CATCH_MAJOR EQUAL 2)
  set(PARLAB_CATCH_NO_TESTS_FAIL --warn NoTests)
else()
  set(PARLAB_CATCH_NO_TESTS_FAIL "")
endif()

# A library whose one source holds Catch2's implementation (a main): compiled at -O0.
function(parlab_catch_unoptimised target)
  target_compile_options(${target} PRIVATE -O0)
endfunction()

add_library(parlab_catch INTERFACE)
target_link_libraries(parlab_catch INTERFACE Catch2::Catch2)
target_include_directories(parlab_catch INTERFACE ${CMAKE_SOURCE_DIR}/tests)  # tests/support/
target_compile_definitions(parlab_catch INTERFACE PARLAB_CATCH_MAJOR=${PARLAB_CATCH_MAJOR})
# Catch2's own implementation is the slowest file of any build (about 20 s at -O3),
# compiled again by every build folder and every grading workspace: link the
# prebuilt Catch2WithMain where the install has one (v3 always, Debian's v2 too),
# else compile it unoptimised - test-framework code needs no -O3.
if(TARGET Catch2::Catch2WithMain)
  add_library(parlab_catch_main INTERFACE)
  target_link_libraries(parlab_catch_main INTERFACE parlab_catch Catch2::Catch2WithMain parlab::common)
else()
  add_library(parlab_catch_main STATIC ${CMAKE_SOURCE_DIR}/tests/catch_main.cpp)
  target_link_libraries(parlab_catch_main PUBLIC parlab_catch parlab::common)
  parlab_catch_unoptimised(parlab_catch_main)
endif()
