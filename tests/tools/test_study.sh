#!/usr/bin/env bash
# tests/tools/test_study.sh SOURCE_TREE - make scaling's script (slurm/local/study.sh) on fake
# drivers (no build, no timing, seconds):
#  - STUDY_N=abc, STUDY_N=0, STUDY_FRAMES=0: a message naming the variable, exit 2, nothing run;
#  - a measurement that fails: named at the end, "INCOMPLETE", exit 1 (never a plain success);
#  - every measurement succeeds: exit 0 and the results line.
set -uo pipefail
src=$(cd "$1" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/parlab-study.XXXXXX")  # per run: two runs at once do not collide
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/build/bin"
# The one fake driver the study finds (the others are "not built - skipped"): two records of
# one rung, 1 and 2 threads, in the file --json names; FAKE_FAIL=1 makes it fail instead.
cat > "$work/build/bin/threads_matmul" <<'EOF'
#!/usr/bin/env bash
echo "fake threads_matmul $*" >> "$FAKE_LOG"
[ -z "${FAKE_FAIL:-}" ] || { echo "fake: failing on purpose" >&2; exit 3; }
json=; while [ $# -gt 0 ]; do [ "$1" = --json ] && json=$2; shift; done
cat > "$json" <<JSON
{"context": {}, "records": [
 {"module": "03-threads", "kernel": "matmul", "variant": "rows", "n": 8, "threads": 1, "ranks": 1, "workers": 1,
  "median_s": 1.0, "min_s": 1.0, "max_s": 1.0, "rate": 1.0, "rate_unit": "GFLOP/s", "validated": true},
 {"module": "03-threads", "kernel": "matmul", "variant": "rows", "n": 8, "threads": 2, "ranks": 1, "workers": 2,
  "median_s": 0.6, "min_s": 0.6, "max_s": 0.6, "rate": 1.6, "rate_unit": "GFLOP/s", "validated": true}]}
JSON
EOF
chmod +x "$work/build/bin/threads_matmul"
export FAKE_LOG=$work/argv.log
fail() { echo "FAIL: $*"; exit 1; }
study() { "$src/slurm/local/study.sh" "$work/build" "$work/out" >"$work/log" 2>&1; }

for bad in "STUDY_N=abc" "STUDY_N=0" "STUDY_FRAMES=0" "STUDY_N=-5" "STUDY_FRAMES=1e3"; do
  rm -f "$FAKE_LOG"
  env "$bad" "$src/slurm/local/study.sh" "$work/build" "$work/out" >"$work/log" 2>&1
  rc=$?
  [ "$rc" -eq 2 ] || { cat "$work/log"; fail "$bad: exit $rc, not 2"; }
  grep -q "study: ${bad%%=*} must be a whole number" "$work/log" || { cat "$work/log"; fail "$bad: no message naming ${bad%%=*}"; }
  ! grep -q "unbound variable" "$work/log" || fail "$bad: unbound variable"
  [ ! -e "$FAKE_LOG" ] || fail "$bad: measured before refusing"
done
echo "ok: bad sizes refused with exit 2 before measuring"

FAKE_FAIL=1 study; rc=$?
[ "$rc" -eq 1 ] || { cat "$work/log"; fail "a failed measurement: exit $rc, not 1"; }
grep -q "study: FAILED (exit 3): strong-threads/threads_matmul.json" "$work/log" || { cat "$work/log"; fail "the failed measurement is not named"; }
grep -q "study: INCOMPLETE: 1 step(s) failed" "$work/log" || { cat "$work/log"; fail "no INCOMPLETE verdict"; }
! grep -q "^Results: " "$work/log" || fail "a failed study printed the success line"
echo "ok: a failed measurement fails the study"

study; rc=$?
[ "$rc" -eq 0 ] || { cat "$work/log"; fail "all measurements succeeded yet exit $rc"; }
grep -q "^Results: " "$work/log" || { cat "$work/log"; fail "no results line"; }
grep -q "strong scaling: 03-threads matmul rows" "$work/log" || { cat "$work/log"; fail "no scaling table"; }
echo "study: bad input, a failure and a success all as expected"
