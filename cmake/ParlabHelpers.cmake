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
# Discovery runs each new test program at build time, to list its cases. The grader's
# workspaces turn it off: there a test program holds a submission's code, and the build
# must not run it (as the build uid, the build folder writable) - the grader runs each
# case itself, in its sandbox.
option(PARLAB_TEST_DISCOVERY "list each Catch2 program's test cases at build time (CTest entries)" ON)
function(parlab_test name label)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${P_SOURCES} ${P_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE parlab_catch_main parlab::common ${P_LIBS})
  if(NOT PARLAB_TEST_DISCOVERY)
    return()
  endif()
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

# parlab_skip_reason(OUT [MPI] [OpenMP] [MODULES NN-name...]) - why a module cannot be
# built here, in words ("" when it can): a package this build turned off or did not find,
# or a module it builds on that was skipped. Said once, truly, by the module's CMakeLists.
function(parlab_skip_reason out)
  cmake_parse_arguments(A "MPI;OpenMP" "" "MODULES" ${ARGN})
  set(why "")
  if(A_MPI AND NOT PARLAB_WITH_MPI)
    list(APPEND why "MPI is turned off in this build (PARLAB_WITH_MPI=OFF)")
  elseif(A_MPI AND NOT MPI_CXX_FOUND)
    list(APPEND why "MPI not found (apt install libopenmpi-dev openmpi-bin)")
  endif()
  if(A_OpenMP AND NOT PARLAB_WITH_OPENMP)
    list(APPEND why "OpenMP is turned off in this build (PARLAB_WITH_OPENMP=OFF)")
  elseif(A_OpenMP AND NOT OpenMP_CXX_FOUND)
    list(APPEND why "OpenMP not found (Debian: it comes with g++; macOS: brew install libomp)")
  endif()
  if(NOT why)  # a needed module skipped for its own reason, already said
    foreach(m ${A_MODULES})
      string(SUBSTRING ${m} 0 2 nn)
      if(NOT TARGET parlab_${nn})
        list(APPEND why "it builds on ${m}, which this build skipped")
      endif()
    endforeach()
  endif()
  list(JOIN why "; " why)
  set(${out} "${why}" PARENT_SCOPE)
endfunction()

# parlab_missing_needs(MODULE_DIR OUT) - the modules its manifest (module.json "needs")
# names that this tree does not hold: then the module is not built (a release brings them).
function(parlab_missing_needs dir out)
  set(missing "")
  if(EXISTS ${dir}/module.json)
    file(READ ${dir}/module.json json)
    string(JSON n ERROR_VARIABLE err LENGTH "${json}" needs)
    if(NOT err AND n GREATER 0)
      math(EXPR last "${n} - 1")
      foreach(i RANGE ${last})
        string(JSON need GET "${json}" needs ${i})
        if(NOT IS_DIRECTORY ${CMAKE_SOURCE_DIR}/modules/${need})
          list(APPEND missing ${need})
        endif()
      endforeach()
    endif()
  endif()
  set(${out} "${missing}" PARENT_SCOPE)
endfunction()
