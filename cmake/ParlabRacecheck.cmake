# The race-check build (PARLAB_RACECHECK=ON, `cmake --preset tsan`, `make race`).
#
# clang with -fsanitize=thread instruments every memory access of our code. OpenMP
# programs also need Archer, LLVM's OpenMP tool that tells ThreadSanitizer about
# OpenMP's own synchronisation (barriers, reductions, tasks, taskwait) inside the
# uninstrumented libomp; without it those show up as false races. gcc's libgomp
# cannot be used this way (false positives), hence clang + libomp + Archer.
#
# In this build, only what the race tests need is built by default: a module whose
# tests/<module>/CMakeLists.txt mentions PARLAB_RACECHECK (it adds tests labelled
# `race` there). Other modules are configured EXCLUDE_FROM_ALL (built only if a
# race-relevant target links them) and their tests are left out.
#
# Gives: PARLAB_RACE_ENV (the environment race tests run with), and
#   parlab_race_test(NAME COMMAND...)         passes iff the command succeeds and
#                                             ThreadSanitizer reports nothing
#   parlab_race_expect_report(NAME REGEX COMMAND...)  passes iff ThreadSanitizer
#                                             reports a data race matching REGEX
#   parlab_race_relevant(MODULE_DIR OUT)      TRUE unless this build skips it
#   parlab_race_uses(ARGS...)                 the targets named in ARGS (names or
#                                             $<TARGET_FILE:..>) join parlab_race_tests,
#                                             which is all the tsan build preset builds

function(parlab_race_uses)
  string(REGEX MATCHALL "TARGET_FILE:[A-Za-z0-9_]+" files "${ARGN}")
  string(REPLACE "TARGET_FILE:" "" targets "${files}")
  foreach(a ${ARGN})
    if(TARGET ${a})
      list(APPEND targets ${a})
    endif()
  endforeach()
  set_property(GLOBAL APPEND PROPERTY PARLAB_RACE_TEST_TARGETS ${targets})
endfunction()

function(parlab_race_relevant module_dir out)
  get_filename_component(name ${module_dir} NAME)
  set(tests ${CMAKE_SOURCE_DIR}/tests/${name}/CMakeLists.txt)
  set(${out} TRUE PARENT_SCOPE)
  if(PARLAB_RACECHECK)
    set(${out} FALSE PARENT_SCOPE)
    if(EXISTS ${tests})
      file(READ ${tests} text)
      if(text MATCHES "PARLAB_RACECHECK")
        set(${out} TRUE PARENT_SCOPE)
      endif()
    endif()
  endif()
endfunction()

if(NOT PARLAB_RACECHECK)
  return()
endif()

if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "parlab: PARLAB_RACECHECK needs clang (ThreadSanitizer + libomp + Archer); "
                      "use `cmake --preset tsan` (clang++-14) or -DCMAKE_CXX_COMPILER=clang++")
endif()
string(REGEX MATCH "[0-9]+" _clang_major "${CMAKE_CXX_COMPILER_VERSION}")
include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_FLAGS -fsanitize=thread)
set(CMAKE_REQUIRED_LINK_OPTIONS -fsanitize=thread)
check_cxx_source_compiles("int main() { return 0; }" PARLAB_TSAN_LINKS)
unset(CMAKE_REQUIRED_FLAGS)
unset(CMAKE_REQUIRED_LINK_OPTIONS)
if(NOT PARLAB_TSAN_LINKS)
  message(FATAL_ERROR "parlab: ${CMAKE_CXX_COMPILER} cannot link -fsanitize=thread programs "
                      "(Debian: apt install libclang-rt-${_clang_major}-dev)")
endif()
# Line tables are all a report needs for its file:line frames; full debug info made
# this build a third slower to compile.
add_compile_options(-fsanitize=thread -fno-omit-frame-pointer -gline-tables-only)
add_link_options(-fsanitize=thread)

# Archer lives beside libomp in LLVM's library folder (Debian: /usr/lib/llvm-14/lib).
get_filename_component(_cxx_real ${CMAKE_CXX_COMPILER} REALPATH)
get_filename_component(_llvm_root ${_cxx_real} DIRECTORY)
get_filename_component(_llvm_root ${_llvm_root} DIRECTORY)
find_library(PARLAB_ARCHER_LIBRARY NAMES archer
             HINTS ${_llvm_root}/lib /usr/lib/llvm-${_clang_major}/lib /usr/local/opt/libomp/lib
             DOC "LLVM's Archer OpenMP tool (libarcher.so)")
if(PARLAB_ARCHER_LIBRARY)
  message(STATUS "parlab: race check with Archer: ${PARLAB_ARCHER_LIBRARY}")
else()
  message(WARNING "parlab: libarcher.so not found - OpenMP race tests would report false races "
                  "(Debian: apt install libomp-${_clang_major}-dev); set PARLAB_ARCHER_LIBRARY")
endif()

# ignore_noninstrumented_modules: libomp itself is not instrumented; Archer covers it.
# halt_on_error=0: report every race; a report still makes the exit status 66.
set(PARLAB_TSAN_OPTIONS "ignore_noninstrumented_modules=1 halt_on_error=0 exitcode=66 history_size=4")
set(PARLAB_RACE_ENV "TSAN_OPTIONS=${PARLAB_TSAN_OPTIONS}" "OMP_TOOL_LIBRARIES=${PARLAB_ARCHER_LIBRARY}"
    "ARCHER_OPTIONS=verbose=0")

# The same options compiled into every program of this build (ThreadSanitizer reads
# __tsan_default_options at start-up), so a race binary run by hand, or a race test
# that sets no environment, behaves the same.
configure_file(${CMAKE_CURRENT_LIST_DIR}/tsan_default_options.cpp.in
               ${CMAKE_BINARY_DIR}/generated/tsan_default_options.cpp @ONLY)
add_library(parlab_tsan_defaults OBJECT ${CMAKE_BINARY_DIR}/generated/tsan_default_options.cpp)
link_libraries(parlab_tsan_defaults)

function(parlab_race_test name)
  parlab_race_uses(${ARGN})
  add_test(NAME "race:${name}" COMMAND ${ARGN})
  set_tests_properties("race:${name}" PROPERTIES LABELS "race" TIMEOUT 600 ENVIRONMENT "${PARLAB_RACE_ENV}"
                       FAIL_REGULAR_EXPRESSION "ThreadSanitizer|not implemented")
endfunction()

function(parlab_race_expect_report name regex)
  parlab_race_uses(${ARGN})
  add_test(NAME "race:${name}" COMMAND ${CMAKE_SOURCE_DIR}/tests/expect_fail.sh "${regex}" ${ARGN})
  set_tests_properties("race:${name}" PROPERTIES LABELS "race" TIMEOUT 300 ENVIRONMENT "${PARLAB_RACE_ENV}")
endfunction()
