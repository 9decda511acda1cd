#!/usr/bin/env bash
# tests/slurm/harness_fails.sh BIN - the Slurm test harness can fail, and cleans up when it does:
#   1. a job whose driver rejects its input (PARLAB_WIDTH=0) -> FAIL, job state FAILED;
#   2. a job that outlives the harness's bound (--timeout 4) -> scancel, FAIL;
#   3. an MPI job one of whose ranks dies while the other waits for it -> the job fails at
#      once, FAILED (not "still not done": a dead rank must not leave the step hanging).
# After each, no daemon of that cluster may be alive. 77 = no Slurm here.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=${1:?usage: harness_fails.sh BIN}
[ -x "$bin/seq_matmul" ] || { echo "SKIP: seq_matmul not built"; exit 77; }
out=$("$HERE/../../slurm/local/cluster.sh" check 2>&1) || { echo "$out"; echo "SKIP: no local Slurm here"; exit 77; }
fail=0
check() {  # check NAME EXPECTED_TEXT ARGS...
  local name=$1 want=$2; shift 2
  local log rc dir
  log=$("$HERE/slurm_job.sh" --bin "$bin" --name "$name" "$@" 2>&1); rc=$?
  printf '%s\n' "$log" | tail -8
  if [ $rc -ne 1 ]; then echo "FAIL: $name: harness exit $rc, expected 1"; fail=1; fi
  grep -q -- "$want" <<<"$log" || { echo "FAIL: $name: no '$want' in the harness output"; fail=1; }
  dir=$(cd "$bin/.." && pwd)/slurm-test/$name/cluster/run
  for f in "$dir"/*.pid; do
    [ -e "$f" ] || continue
    p=$(cat "$f"); st=$(awk '/^State:/{print $2}' /proc/$p/status 2>/dev/null || echo gone)
    [ "$st" = gone ] || [ "$st" = Z ] || { echo "FAIL: $name: daemon $p ($(basename "$f")) left running"; fail=1; }
  done
}
check harness-bad-input "not every task COMPLETED" --env PARLAB_WIDTH=0 slurm/jobs/01-sequential.sbatch
check harness-timeout "still not done after 4s" --timeout 4 --env PARLAB_REPS=1000 --env PARLAB_MIN_TIME=60 \
  slurm/jobs/01-sequential.sbatch
if [ -x "$bin/mpi_pingpong" ]; then
  check harness-rank-dies "not every task COMPLETED" --timeout 60 tests/slurm/rank_dies.sbatch
else
  echo "mpi_pingpong not built (no MPI): the dead-rank job is not tried"
fi
[ $fail -eq 0 ] && echo "PASS: the harness fails on a failed job, a hung one and a dead rank, and tears down each time"
exit $fail
