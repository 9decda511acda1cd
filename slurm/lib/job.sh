# slurm/lib/job.sh - the common part of every job script (sourced at its top).
# shellcheck shell=bash
# Finds the repository, reads the site file, sets up threads from Slurm's variables,
# prints a header, and gives the scripts small helpers: need, run_mpi, out_json.
set -euo pipefail

# The batch script runs from a copy in Slurm's spool, so its own path says nothing:
# the repository is where the job was submitted from (slurm/submit.sh submits from the root).
PARLAB_ROOT=${PARLAB_ROOT:-${SLURM_SUBMIT_DIR:-$PWD}}
if [ ! -f "$PARLAB_ROOT/slurm/lib/job.sh" ]; then
  echo "parlab: cannot find the repository at '$PARLAB_ROOT': submit from its root (slurm/submit.sh does)" >&2
  exit 2
fi
cd "$PARLAB_ROOT"
PARLAB_SITE=${PARLAB_SITE:-slurm/site.sh}
# shellcheck source=../site.sh
source "$PARLAB_SITE"
# Settings a site file from an older parlab may lack (slurm/site.sh explains each).
: "${PARLAB_SRUN_OPTS=}" "${PARLAB_CPU_BIND=}" "${PARLAB_SRUN_HINT=}" "${PARLAB_THREADS_PER_CORE=1}"
parlab_site_env

case $PARLAB_BUILD in /*) BIN=$PARLAB_BUILD/bin ;; *) BIN=$PARLAB_ROOT/$PARLAB_BUILD/bin ;; esac
case $PARLAB_RESULTS in /*) RESULTS=$PARLAB_RESULTS ;; *) RESULTS=$PARLAB_ROOT/$PARLAB_RESULTS ;; esac
# One folder per job (an array's tasks share their array's folder).
OUT=$RESULTS/${SLURM_JOB_NAME:-job}-${SLURM_ARRAY_JOB_ID:-${SLURM_JOB_ID:-local}}
mkdir -p "$OUT"

# Threads: one per core of the CPUs Slurm gave each task (--cpus-per-task), placed one per
# core. CPUS is what Slurm counts (hardware threads where the site counts those:
# PARLAB_THREADS_PER_CORE), THREADS the cores, which the drivers' --threads get.
CPUS=${SLURM_CPUS_PER_TASK:-1}
case $PARLAB_THREADS_PER_CORE in
  [1-9]) ;;
  *) echo "parlab: PARLAB_THREADS_PER_CORE must be 1 to 9 (got '$PARLAB_THREADS_PER_CORE')" >&2; exit 2 ;;
esac
THREADS=$((CPUS / PARLAB_THREADS_PER_CORE))
((THREADS >= 1)) || THREADS=1
export OMP_NUM_THREADS=$THREADS
export OMP_PLACES=$PARLAB_OMP_PLACES
export OMP_PROC_BIND=$PARLAB_OMP_PROC_BIND
# Slurm 22.05 changed srun: it no longer inherits --cpus-per-task from sbatch, so without
# this every rank of a hybrid job would get one CPU and its threads would share it.
export SRUN_CPUS_PER_TASK=$CPUS

# Small sizes for tests come from the environment; the defaults suit a real node.
REPS=${PARLAB_REPS:-5}
MIN_TIME=${PARLAB_MIN_TIME:-1}
# shellcheck disable=SC2034  # TIMING, N, RENDER: used by the job scripts that source this
TIMING=(--reps "$REPS" --min-time "$MIN_TIME")

echo "== parlab job ${SLURM_JOB_NAME:-?} id=${SLURM_JOB_ID:-?}${SLURM_ARRAY_TASK_ID:+ array task $SLURM_ARRAY_TASK_ID}" \
     "nodes=${SLURM_JOB_NUM_NODES:-1} (${SLURM_JOB_NODELIST:-$(hostname)}) tasks=${SLURM_NTASKS:-1}" \
     "cpus-per-task=$CPUS OMP_NUM_THREADS=$OMP_NUM_THREADS OMP_PLACES=$OMP_PLACES OMP_PROC_BIND=$OMP_PROC_BIND =="
echo "   binaries: $BIN   results: $OUT   launcher: $PARLAB_MPI_LAUNCHER"

# need DRIVER... : stop with a clear message if a driver was not built.
need() {
  local d
  for d in "$@"; do
    if [ ! -x "$BIN/$d" ]; then
      echo "parlab: driver '$d' is not built in $BIN (build on the cluster first: make build;" \
           "or set PARLAB_BUILD in the site file)" >&2
      exit 3
    fi
  done
}

# srun for MPI programs: the site's MPI plugin, and a rank that dies ends the whole step
# (--kill-on-bad-exit): the others would otherwise wait for it in MPI until the time limit.
# shellcheck disable=SC2206  # the site's option string is split into words on purpose
SRUN_MPI=(srun $PARLAB_SRUN_MPI --kill-on-bad-exit=1)

# run_mpi NP CMD... : start NP ranks of CMD in this allocation, each with $CPUS CPUs.
#   srun   : Slurm starts the ranks itself (PMIx wires them up).
#   mpirun : Open MPI reads the allocation from Slurm; --map-by slot:PE=c gives each rank
#            c cores, --bind-to core keeps its threads on them.
#   ibrun  : TACC's wrapper; -n NP -o 0 starts NP ranks from the first slot of the allocation.
# The site's srun options, binding and SMT hint apply (slurm/site.sh); the launch line is printed.
# shellcheck disable=SC2206  # the site's option strings are split into words on purpose
run_mpi() {
  local np=$1; shift
  local cmd
  case $PARLAB_MPI_LAUNCHER in
    srun)
      cmd=("${SRUN_MPI[@]}" --ntasks="$np" --cpus-per-task="$CPUS" $PARLAB_SRUN_OPTS)
      [ -n "$PARLAB_CPU_BIND" ] && cmd+=(--cpu-bind="$PARLAB_CPU_BIND")
      [ -n "$PARLAB_SRUN_HINT" ] && cmd+=(--hint="$PARLAB_SRUN_HINT") ;;
    mpirun)
      cmd=(mpirun -np "$np")
      if [ "$THREADS" -gt 1 ]; then cmd+=(--map-by "slot:PE=$THREADS" --bind-to core)
      elif [ -n "$PARLAB_CPU_BIND" ]; then cmd+=(--bind-to core); fi ;;
    ibrun) cmd=(ibrun -n "$np" -o 0) ;;
    *) echo "parlab: PARLAB_MPI_LAUNCHER must be srun, mpirun or ibrun (got '$PARLAB_MPI_LAUNCHER')" >&2; exit 2 ;;
  esac
  echo "   launch: ${cmd[*]} $*"
  "${cmd[@]}" "$@"
}

# run_mpi_pair PROGRAM ARGS... : two ranks, on two different nodes when the job has two
# (the network, not memory: the ping-pong of module 05), else two ranks on this node.
run_mpi_pair() {
  if [ "${SLURM_JOB_NUM_NODES:-1}" -ge 2 ]; then
    case $PARLAB_MPI_LAUNCHER in
      srun) "${SRUN_MPI[@]}" --nodes=2 --ntasks=2 --ntasks-per-node=1 "$@" ;;
      *) mpirun -np 2 --map-by ppr:1:node "$@" ;;
    esac
  else
    run_mpi 2 "$@"
  fi
}

# threads_list P : "1,2,4,...,P" (powers of two, and P itself) for the --threads option.
threads_list() {
  local p=$1 t=1 out=""
  while [ "$t" -lt "$p" ]; do out="$out$t,"; t=$((t * 2)); done
  echo "$out$p"
}

# Problem sizes: a real node's defaults; tests shrink them through the environment.
# shellcheck disable=SC2034
N=${PARLAB_N:-2048}
# shellcheck disable=SC2034
RENDER=(--width "${PARLAB_WIDTH:-640}" --height "${PARLAB_HEIGHT:-360}"
        --frames "${PARLAB_FRAMES:-24}" --samples "${PARLAB_SAMPLES:-4}")
