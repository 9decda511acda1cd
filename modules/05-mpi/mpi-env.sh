# Sourced by the 05/06 tour and bench scripts (and slurm/local/study.sh): MPI on one machine, as root, with more
# ranks than cores allowed. Shared memory between ranks (btl vader); waiting ranks yield
# the core (a busy-polling rank would steal it from a working one when oversubscribed).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl=${OMPI_MCA_btl:-self,vader}
export OMPI_MCA_mpi_yield_when_idle=${OMPI_MCA_mpi_yield_when_idle:-1}
# Open MPI refuses more ranks than cores without --oversubscribe; MPICH's Hydra has no such
# flag and needs none: "${MPI_OVERSUB[@]}" is the right one for the mpirun on PATH.
if mpirun --version 2>&1 | grep -q 'Open MPI\|OpenRTE'; then MPI_OVERSUB=(--oversubscribe); else MPI_OVERSUB=(); fi
mpi_ready() {  # mpi_ready BIN PROGRAM: true if built with MPI and mpirun exists
  if [ ! -x "$1/$2" ] || ! command -v mpirun >/dev/null; then
    echo "skipped: $2 not built (no MPI found at configure time) or no mpirun (apt install libopenmpi-dev openmpi-bin)"
    return 1
  fi
}
