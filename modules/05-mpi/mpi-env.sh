# Sourced by the 05/06 tour and bench scripts: Open MPI on one machine, as root, with more
# ranks than cores allowed. Shared memory between ranks (btl vader); waiting ranks yield
# the core (a busy-polling rank would steal it from a working one when oversubscribed).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=${OMPI_MCA_btl:-self,vader}
export OMPI_MCA_mpi_yield_when_idle=${OMPI_MCA_mpi_yield_when_idle:-1}
mpi_ready() {  # mpi_ready BIN PROGRAM: true if built with MPI and mpirun exists
  if [ ! -x "$1/$2" ] || ! command -v mpirun >/dev/null; then
    echo "skipped: $2 not built (no MPI found at configure time) or no mpirun (apt install libopenmpi-dev openmpi-bin)"
    return 1
  fi
}
