# slurm/site.sh - site settings: the ONE file an instructor adapts to a cluster.
# shellcheck shell=bash
# Every job script sources it (through slurm/lib/job.sh) and slurm/submit.sh reads it.
# Each value may also be set in the environment, which wins (VAR=... slurm/submit.sh ...).

# Where jobs go. Empty: the cluster's default. submit.sh exports these as SBATCH_PARTITION,
# SBATCH_ACCOUNT, ... which sbatch reads before the #SBATCH lines of the scripts
# (an option on the sbatch command line still wins over both).
PARLAB_PARTITION=${PARLAB_PARTITION-}        # e.g. compute, or a small "debug" partition for labs
PARLAB_ACCOUNT=${PARLAB_ACCOUNT-}            # e.g. the course's allocation
PARLAB_QOS=${PARLAB_QOS-}
PARLAB_RESERVATION=${PARLAB_RESERVATION-}    # e.g. a lab-session reservation
PARLAB_TIME=${PARLAB_TIME-00:15:00}          # wall-time limit per job

# Where the binaries are (built on the cluster: make build, or cmake --preset release)
# and where results go; relative paths are relative to the repository root.
PARLAB_BUILD=${PARLAB_BUILD-build/release}
PARLAB_RESULTS=${PARLAB_RESULTS-results/slurm}

# How MPI programs start: srun (Slurm's launcher, the usual choice) or mpirun (Open MPI's,
# which reads the allocation from Slurm itself). PARLAB_SRUN_MPI is srun's MPI plugin:
# `srun --mpi=list` shows what the site has (pmix, pmix_v4, pmi2).
PARLAB_MPI_LAUNCHER=${PARLAB_MPI_LAUNCHER-srun}
PARLAB_SRUN_MPI=${PARLAB_SRUN_MPI---mpi=pmix}

# Thread placement for OpenMP (and the hybrid modules): one thread per core, packed.
PARLAB_OMP_PLACES=${PARLAB_OMP_PLACES-cores}
PARLAB_OMP_PROC_BIND=${PARLAB_OMP_PROC_BIND-close}

# Environment modules: what a job loads before it runs. Edit for your site.
parlab_site_env() {
  if command -v module >/dev/null 2>&1; then
    : # module purge
    : # module load gcc/12 openmpi/4.1 eigen/3.4 openblas
  fi
  # Sites with a mis-detected CPU for a static OpenBLAS: export OPENBLAS_CORETYPE=SkylakeX
}
