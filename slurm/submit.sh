#!/usr/bin/env bash
# slurm/submit.sh JOB [sbatch options...] - submit a parlab job script with the site settings.
#
#   slurm/submit.sh slurm/jobs/04-openmp.sbatch
#   slurm/submit.sh slurm/jobs/04-openmp.sbatch --cpus-per-task=16
#   slurm/submit.sh slurm/sweeps/strong-ranks.sbatch --array=1,2,4,8 --ntasks=8
#   PARLAB_N=4096 slurm/submit.sh slurm/jobs/03-threads.sbatch
#   slurm/submit.sh --all            every module's job script
#
# Reads the site file (PARLAB_SITE, default slurm/site.sh) and passes partition, account,
# QOS, reservation and time limit to sbatch as SBATCH_* variables, and PARLAB_SBATCH_OPTS on
# its command line; the job's output goes to results/slurm/logs/<job-name>-<jobid>.out (an
# array: <job-name>-<arrayjobid>_<index>.out). Submits from the repository root, so jobs find
# it (SLURM_SUBMIT_DIR). Prints the job id. Options after JOB go to sbatch and win over both
# the site file and the script's #SBATCH lines.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PARLAB_ROOT=$ROOT
export PARLAB_SITE=${PARLAB_SITE:-slurm/site.sh}
[ -f "$PARLAB_SITE" ] || { echo "submit: no site file '$PARLAB_SITE'" >&2; exit 2; }
# shellcheck source=site.sh
source "$PARLAB_SITE"

usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
case $1 in -h|--help) usage ;; esac
command -v sbatch >/dev/null || { echo "submit: sbatch not found: is Slurm on this machine (module load slurm)?" >&2; exit 2; }

[ -n "$PARLAB_PARTITION" ] && export SBATCH_PARTITION=$PARLAB_PARTITION
[ -n "$PARLAB_ACCOUNT" ] && export SBATCH_ACCOUNT=$PARLAB_ACCOUNT
[ -n "$PARLAB_QOS" ] && export SBATCH_QOS=$PARLAB_QOS
[ -n "$PARLAB_RESERVATION" ] && export SBATCH_RESERVATION=$PARLAB_RESERVATION
[ -n "$PARLAB_TIME" ] && export SBATCH_TIMELIMIT=$PARLAB_TIME
case $PARLAB_RESULTS in /*) logs=$PARLAB_RESULTS/logs ;; *) logs=$ROOT/$PARLAB_RESULTS/logs ;; esac
mkdir -p "$logs"   # sbatch does not create it; a job whose log folder is missing fails silently
# An array's tasks each get their own log: %A is the array's job id, %a the task's index.
is_array() {  # is_array JOB [sbatch options...]
  grep -q '^#SBATCH  *--array' "$1" && return 0
  shift
  case " $* " in *" --array"*|*" -a "*) return 0 ;; esac
  return 1
}
log_name() { if is_array "$@"; then echo "$logs/%x-%A_%a.out"; else echo "$logs/%x-%j.out"; fi; }
# shellcheck disable=SC2206  # the site's options are split into words on purpose
site_opts=(${PARLAB_SBATCH_OPTS:-})

if [ "$1" = --all ]; then
  shift
  rc=0
  for job in slurm/jobs/*.sbatch; do
    printf '%s ' "$job"
    SBATCH_OUTPUT=${SBATCH_OUTPUT:-$(log_name "$job" "$@")} sbatch --parsable "${site_opts[@]}" "$@" "$job" ||
      { echo "submit: $job was refused (see sbatch's message above)" >&2; rc=1; }
  done
  exit $rc
fi
job=$1; shift
[ -f "$job" ] || { echo "submit: no job script '$job'" >&2; exit 2; }
SBATCH_OUTPUT=${SBATCH_OUTPUT:-$(log_name "$job" "$@")} sbatch --parsable "${site_opts[@]}" "$@" "$job"
