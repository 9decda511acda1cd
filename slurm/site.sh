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

# Extra options for every sbatch and every srun, as the site's documentation asks for them.
# sbatch's go on its command line: they win over the scripts' #SBATCH lines, and options
# given to slurm/submit.sh win over them. Examples:
#   PARLAB_SBATCH_OPTS="--constraint=cpu"              # Perlmutter: CPU nodes
#   PARLAB_SBATCH_OPTS="--mem=16G --exclusive"         # memory per node; whole nodes, clean timings
#   PARLAB_SBATCH_OPTS="--qos=debug --constraint=skx"  # QOS (or PARLAB_QOS above) and a node type
#   PARLAB_SRUN_OPTS="--exact"                         # steps use only the CPUs they ask for
PARLAB_SBATCH_OPTS=${PARLAB_SBATCH_OPTS-}
PARLAB_SRUN_OPTS=${PARLAB_SRUN_OPTS-}

# How MPI programs start (slurm/lib/job.sh run_mpi):
#   srun    Slurm's launcher, the usual choice. PARLAB_SRUN_MPI is its MPI plugin:
#           `srun --mpi=list` shows what the site has (pmix, pmix_v4, pmi2).
#   mpirun  Open MPI's, which reads the allocation from Slurm itself.
#   ibrun   TACC's wrapper (Stampede3, Frontera, Lonestar6): it takes the ranks from the
#           allocation; a smaller step is `ibrun -n NP -o 0`.
PARLAB_MPI_LAUNCHER=${PARLAB_MPI_LAUNCHER-srun}
PARLAB_SRUN_MPI=${PARLAB_SRUN_MPI---mpi=pmix}

# CPU binding of the ranks: empty = the site's default. Example: cores (srun --cpu-bind=cores;
# with mpirun, --bind-to core). `verbose,cores` also prints each rank's mask.
PARLAB_CPU_BIND=${PARLAB_CPU_BIND-}

# Nodes with SMT (hyper-threads). Two ways sites count CPUs:
#   PARLAB_SRUN_HINT=nomultithread   Slurm counts cores, one rank thread per core (srun
#                                    --hint=nomultithread; not with PARLAB_CPU_BIND).
#   PARLAB_THREADS_PER_CORE=2        -c / --cpus-per-task counts hardware threads, as at NERSC
#                                    (Perlmutter: 2 per core), so a job asks for -c 2x the cores
#                                    it wants and OMP_NUM_THREADS = cpus-per-task / 2 (cores).
PARLAB_SRUN_HINT=${PARLAB_SRUN_HINT-}
PARLAB_THREADS_PER_CORE=${PARLAB_THREADS_PER_CORE-1}

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
