# parlab_mpi_test(NAME LABELS NP TIMEOUT CMD...) - CMD under mpirun with NP ranks.
# parlab_mpi_fail_test(NAME LABELS NP REGEX CMD...) - must fail cleanly (non-zero exit, no
#   signal, no timeout) with output matching REGEX (tests/expect_fail.sh).
# Shared memory within the machine (btl self,vader); oversubscribed ranks yield the core
# while they wait (mpi_yield_when_idle) so 4 ranks on 2 cores do not crawl; root allowed.
set(PARLAB_MPI_ENV
  OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  OMPI_MCA_btl=self,vader OMPI_MCA_mpi_yield_when_idle=1 OMPI_MCA_rmaps_base_oversubscribe=1
  OMPI_MCA_btl_vader_single_copy_mechanism=none OMP_NUM_THREADS=1)

function(parlab_mpi_test name labels np timeout)
  add_test(NAME ${name} COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np} --oversubscribe ${ARGN})
  set(procs ${np})
  if(procs GREATER 2)
    set(procs 2)  # at most the machine's 2 cores; ctest -j2 then runs one big test at a time
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT ${timeout} PROCESSORS ${procs}
                       ENVIRONMENT "${PARLAB_MPI_ENV}")
endfunction()

function(parlab_mpi_fail_test name labels np regex)
  add_test(NAME ${name} COMMAND ${CMAKE_SOURCE_DIR}/tests/expect_fail.sh "${regex}"
           ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np} --oversubscribe ${ARGN})
  set(procs ${np})
  if(procs GREATER 2)
    set(procs 2)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${labels}" TIMEOUT 90 PROCESSORS ${procs}
                       ENVIRONMENT "${PARLAB_MPI_ENV}")
endfunction()
