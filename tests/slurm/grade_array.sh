#!/usr/bin/env bash
# tests/slurm/grade_array.sh WORKSPACE - a batch graded across the local Slurm cluster:
# slurm/grade.sh submits a 2-task job array (one slice of the students each) and a merge
# job; one grades.csv and one results folder per student come out, each with its own
# score. WORKSPACE is the prepared module-01 grading workspace (and WORKSPACE-slot1).
# 77 = skip.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ws=${1:?usage: grade_array.sh WORKSPACE}
cluster=$ROOT/slurm/local/cluster.sh
out=$("$cluster" check 1 2>&1) || { echo "$out"; echo "SKIP: no local Slurm cluster here"; exit 77; }
[ -f "$ws/.ready" ] && [ -f "$ws-slot1/.ready" ] || { echo "FAIL: $ws (and -slot1) not prepared"; exit 1; }
work=$(cd "$ws/.." && pwd)/slurm-grade-array
export PARLAB_SLURM_DIR=$work/cluster
"$cluster" down >/dev/null 2>&1 || true
rm -rf "$work"; mkdir -p "$work"
trap '"$cluster" down >/dev/null 2>&1' EXIT
fail() { echo "FAIL: $*"; cat "$work"/results/logs/*.out 2>/dev/null | tail -60; exit 1; }

subs=$work/subs
for s in alice bob carol dave; do mkdir -p "$subs/$s"; done
cp "$ROOT"/modules/01-sequential/exercises/matmul_{interchange,blocked}.cpp "$subs/alice/"   # reference
cp "$ROOT"/modules/01-sequential/exercises/matmul_blocked.cpp "$subs/carol/"                 # one of two
cp "$ROOT"/modules/01-sequential/exercises/matmul_interchange.cpp "$subs/dave/"              # the other
cp "$ROOT/tests/grading/hostile/segfault/matmul_interchange.cpp" "$subs/bob/"     # a crash

"$cluster" up --nodes 1 || fail "the cluster did not come up"
eval "$("$cluster" env)"
export PARLAB_SITE=slurm/local/site.sh PARLAB_RESULTS=$work/results PARLAB_GRADE_WORKSPACE=$ws
export PARLAB_GRADE_ARGS="--release $ws/release --skip-performance --test-timeout 20"
ids=$("$cluster" run "$ROOT/slurm/grade.sh" 01-sequential "$subs" "$work/graded" 2) || fail "slurm/grade.sh: $ids"
echo "$ids"
merge=$(awk '{print $NF}' <<<"$ids")
end=$((SECONDS + 360))
while :; do
  st=$("$cluster" run scontrol -o show job "$merge" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)
  case $st in COMPLETED) break ;; FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) fail "merge job $merge: $st" ;; esac
  if [ "$st" = PENDING ] && "$cluster" run scontrol -o show job "$merge" | grep -q 'DependencyNeverSatisfied'; then
    fail "a slice failed: the merge can never run"
  fi
  ((SECONDS < end)) || fail "not done after 360 s (merge job state: $st)"
  sleep 1
done
cat "$work"/results/logs/*.out | grep -E "^grade:|merged|batch:"
csv=$work/graded/grades.csv
[ -f "$csv" ] || fail "no merged grades.csv"
python3 - "$work/graded" <<'PY' || fail "wrong merged grades"
import csv, json, sys
from pathlib import Path
out = Path(sys.argv[1])
rows = {r["submission"]: r for r in csv.DictReader(open(out / "grades.csv"))}
want = {"alice": 8, "bob": 0, "carol": 4, "dave": 4}
got = {n: float(r["score"]) for n, r in rows.items()}
print("merged grades:", got)
assert got == want, f"expected {want}"
for n in want:
    res = json.loads((out / n / "results.json").read_text())
    assert res["score"] == want[n] and "tests" in res, n
PY
ls "$work/graded/slices" | grep -qx 1 || fail "no second slice"
echo "PASS: 4 submissions graded in 2 array tasks and merged into one grades.csv"
