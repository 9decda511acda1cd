# parlab_mpi_test(NAME LABELS NP TIMEOUT CMD...) - CMD under mpiexec with NP ranks.
# parlab_mpi_fail_test(NAME LABELS NP REGEX CMD...) - must fail cleanly (non-zero exit, no
#   signal, no timeout) with output matching REGEX (tests/expect_fail.sh).
# parlab_mpi_end_test(NAME LABELS NP CODE REGEX CMD...) - the same, and with exit code CODE
#   within 30 s: every rank ended (CMD may be MPMD: "prog --n 8 : -np 1 prog --n 9").
# parlab_mpi_usage_test(NAME LABELS NP REGEX CMD...) - parlab_mpi_end_test with code 2.
# The launcher's flags and environment come from cmake/ParlabMpi.cmake (Open MPI: allow
# root, oversubscribe, yield when idle; MPICH: none), then the user's MPIEXEC_PREFLAGS.
set(PARLAB_MPI_TEST_ENV ${PARLAB_MPI_ENV} OMP_NUM_THREADS=1)

# Every target a test runs joins parlab_mpi_tests (tests/CMakeLists.txt), so the small
# MPICH build (`make mpich`) builds just those.
function(_parlab_mpi_props name labels slots timeout)
  string(REGEX MATCHALL "TARGET_FILE:[A-Za-z0-9_]+" _targets "${ARGN}")
  string(REPLACE "TARGET_FILE:" "" _targets "${_targets}")
  set_property(GLOBAL APPEND PROPERTY PARLAB_MPI_TEST_TARGETS ${_targets})
  # One of ctest's slots, whatever the rank count: each run takes under a second, and its
  # ranks yield when idle (oversubscribed). A test that asks for two slots never finds them
  # while one-slot tests remain: all of them waited for the end of make test and ran one at
  # a time (2026-12-05: 17 s on 2 cores).
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT ${timeout}
                       ENVIRONMENT "${PARLAB_MPI_TEST_ENV}")
endfunction()

function(parlab_mpi_test name labels np timeout)
  add_test(NAME ${name} COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np}
           ${PARLAB_MPI_LAUNCH_FLAGS} ${MPIEXEC_PREFLAGS} ${ARGN})
  _parlab_mpi_props(${name} "${labels}" ${np} ${timeout} ${ARGN})
endfunction()

function(parlab_mpi_fail_test name labels np regex)
  add_test(NAME ${name} COMMAND ${CMAKE_SOURCE_DIR}/tests/expect_fail.sh "${regex}"
           ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np} ${PARLAB_MPI_LAUNCH_FLAGS} ${MPIEXEC_PREFLAGS} ${ARGN})
  # One ctest slot whatever NP: the ranks stop at their first check, and the run's time
  # is mpiexec tearing the job down, mostly idle.
  _parlab_mpi_props(${name} "${labels}" 1 90 ${ARGN})
endfunction()

function(parlab_mpi_end_test name labels np code regex)
  add_test(NAME ${name} COMMAND ${CMAKE_SOURCE_DIR}/tests/expect_fail.sh --code ${code} --within 30 "${regex}"
           ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np} ${PARLAB_MPI_LAUNCH_FLAGS} ${MPIEXEC_PREFLAGS} ${ARGN})
  _parlab_mpi_props(${name} "${labels}" 1 90 ${ARGN})
endfunction()

function(parlab_mpi_usage_test name labels np regex)
  parlab_mpi_end_test(${name} "${labels}" ${np} 2 "${regex}" ${ARGN})
endfunction()
