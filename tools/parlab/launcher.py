"""Which mpirun is on PATH, and what it needs: Open MPI refuses more ranks than cores without
--oversubscribe and pins ranks unless told not to; MPICH's Hydra needs neither (and rejects
them). The shell's answer is modules/05-mpi/mpi-env.sh (sourced by scripts that have no
Python at hand), CMake's cmake/ParlabMpi.cmake (at configure time); Python's is here."""
from __future__ import annotations

import functools
import subprocess

# A rank's number in the environment mpirun gives it: Open MPI's, else Hydra's (MPICH).
MPI_RANK_VAR = "${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-0}}"


@functools.cache
def is_open_mpi() -> bool:
    """True if `mpirun --version` says Open MPI (or its runtime, OpenRTE)."""
    try:
        v = subprocess.run(["mpirun", "--version"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "Open MPI" in v or "OpenRTE" in v


def mpirun_flags() -> tuple[str, ...]:
    """The launcher's own flags for more ranks than cores, unpinned: Open MPI's, none for MPICH."""
    return ("--oversubscribe", "--bind-to", "none") if is_open_mpi() else ()
