# Small helpers shared by the module CMakeLists.
include(ParlabManifest)  # parlab_rung_labels: the rungs' exercise labels from module.json

# parlab_eigen_sources(FILES...) - sources that instantiate Eigen products. GCC 12
# reports a false "__Y is used uninitialized" inside its own AVX-512 intrinsics when
# it inlines Eigen's kernels (GCC bug 105593); silence just that, just there.
function(parlab_eigen_sources)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    set_property(SOURCE ${ARGN} DIRECTORY ${CMAKE_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}
                 APPEND PROPERTY COMPILE_OPTIONS -Wno-uninitialized -Wno-maybe-uninitialized)
  endif()
endfunction()

# parlab_driver(NAME SOURCES... [LIBS ...]) - an executable in build/<preset>/bin
function(parlab_driver name)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${P_SOURCES} ${P_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE parlab::common ${P_LIBS})
endfunction()

# parlab_drivers(NAME... [LIBS ...]) - one driver per NAME from drivers/NAME.cpp: a
# driver's file is named after its binary.
function(parlab_drivers)
  cmake_parse_arguments(P "" "" "LIBS" ${ARGN})
  foreach(name ${P_UNPARSED_ARGUMENTS})
    parlab_driver(${name} ${CMAKE_CURRENT_SOURCE_DIR}/drivers/${name}.cpp LIBS ${P_LIBS})
  endforeach()
  parlab_rung_labels(${P_UNPARSED_ARGUMENTS})  # parlab/rung_labels.hpp from the module's manifest
endfunction()

# parlab_test(NAME LABEL SOURCES... [LIBS ...]) - a Catch2 test executable,
# each TEST_CASE becomes a CTest test carrying LABEL. An entry whose filter matches no
# test case fails instead of passing with "No tests ran" (PARLAB_CATCH_NO_TESTS_FAIL,
# cmake/ParlabCatch.cmake); tests/CMakeLists.txt checks that every test case got an
# entry (check_discovery.py).
# The timeout fits an exercise's test (tiny sizes: seconds, tens under load): a crash or
# a hang is reported in a minute, not five (PARLAB_TEST_TIMEOUT changes it; a crash: see
# the asan preset, README).
set(PARLAB_TEST_TIMEOUT 60 CACHE STRING "timeout in seconds of each Catch2 test case")
function(parlab_test name label)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${P_SOURCES} ${P_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE parlab_catch_main parlab::common ${P_LIBS})
  catch_discover_tests(${name} TEST_PREFIX "${label}:" EXTRA_ARGS ${PARLAB_CATCH_NO_TESTS_FAIL}
                       PROPERTIES LABELS "${label}" TIMEOUT ${PARLAB_TEST_TIMEOUT})
  set_property(GLOBAL APPEND PROPERTY PARLAB_CATCH_TESTS "${name}=${label}")
endfunction()

# parlab_cli_test(NAME LABEL REGEX COMMAND...) - a command that must fail
# cleanly: non-zero exit (not a signal), and its output matches REGEX.
function(parlab_cli_test name label regex)
  add_test(NAME "${label}:cli:${name}"
           COMMAND ${CMAKE_SOURCE_DIR}/tests/expect_fail.sh "${regex}" ${ARGN})
  set_tests_properties("${label}:cli:${name}" PROPERTIES LABELS "${label};cli" TIMEOUT 60)
endfunction()
