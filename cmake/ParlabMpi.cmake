# Which MPI the build uses, and the launcher flags and environment that go with it.
# Open MPI and MPICH (Hydra) differ: Open MPI refuses more ranks than cores without
# --oversubscribe and refuses root without OMPI_ALLOW_RUN_AS_ROOT*; Hydra needs neither.
#   PARLAB_MPI_IMPL        openmpi | mpich | other (detected from `mpiexec --version`)
#   PARLAB_MPI_LAUNCH_FLAGS  flags for every local test run (with the user's MPIEXEC_PREFLAGS)
#   PARLAB_MPI_ENV         environment of the local test runs
#   PARLAB_MPI_NOBIND_ENV  environment that turns the launcher's core binding off (06-hybrid)
# Pick MPICH beside a default Open MPI with the `mpich` preset (CMakePresets.json):
#   -DMPI_CXX_COMPILER=/usr/bin/mpicxx.mpich -DMPIEXEC_EXECUTABLE=/usr/bin/mpiexec.mpich
if(NOT MPI_CXX_FOUND)
  return()
endif()
if(NOT PARLAB_MPI_IMPL)
  execute_process(COMMAND ${MPIEXEC_EXECUTABLE} --version OUTPUT_VARIABLE _v ERROR_VARIABLE _v TIMEOUT 20)
  if(_v MATCHES "Open MPI|OpenRTE")
    set(_impl openmpi)
  elseif(_v MATCHES "HYDRA|MPICH")
    set(_impl mpich)
  else()
    set(_impl other)
  endif()
  set(PARLAB_MPI_IMPL ${_impl} CACHE STRING "MPI implementation: openmpi, mpich or other (detected)")
endif()
message(STATUS "parlab: MPI is ${PARLAB_MPI_IMPL} (${MPIEXEC_EXECUTABLE})")

if(PARLAB_MPI_IMPL STREQUAL "openmpi")
  # Shared memory within the machine (btl self,vader); oversubscribed ranks yield the core
  # while they wait (mpi_yield_when_idle) so 4 ranks on 2 cores do not crawl; root allowed.
  # A run whose rank exits with an error ends at once (odls_base_sigkill_timeout=0): mpirun
  # otherwise waits 1-2 s between the SIGTERM to the other ranks and the SIGKILL, which only
  # a rank that traps SIGTERM could use (none does; the error tests measured 1.3-2.3 s -> 0.3 s).
  set(PARLAB_MPI_LAUNCH_FLAGS --oversubscribe)
  set(PARLAB_MPI_ENV
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    OMPI_MCA_btl=self,vader OMPI_MCA_mpi_yield_when_idle=1 OMPI_MCA_rmaps_base_oversubscribe=1
    OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_odls_base_sigkill_timeout=0)
  set(PARLAB_MPI_NOBIND_ENV OMPI_MCA_hwloc_base_binding_policy=none)
elseif(PARLAB_MPI_IMPL STREQUAL "mpich")
  # Hydra starts any number of ranks, as root too, and binds nothing unless asked.
  set(PARLAB_MPI_LAUNCH_FLAGS "")
  set(PARLAB_MPI_ENV "")
  set(PARLAB_MPI_NOBIND_ENV HYDRA_BINDING=none)
else()
  message(STATUS "parlab: unknown MPI launcher - the MPI tests run it with no extra flags (set MPIEXEC_PREFLAGS if it needs some)")
  set(PARLAB_MPI_LAUNCH_FLAGS "")
  set(PARLAB_MPI_ENV "")
  set(PARLAB_MPI_NOBIND_ENV "")
endif()
