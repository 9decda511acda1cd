#!/usr/bin/env bash
# `make predict` and `make report MODULE=01` on a fresh student release of module 01, at tiny sizes:
#  0. make report refuses to measure before the predictions are sealed; make predict writes
#     the form, refuses to seal it while empty, seals it once filled;
#  1. on the stubs it still writes tables.md (naive and the references measured),
#     names the exercises not implemented yet and exits non-zero;
#  2. with the reference solutions dropped in, every rung is measured and validated
#     and it exits 0.
# Usage: report_release.sh SOURCE_TREE
set -euo pipefail
src=$(cd "$1" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/parlab-report.XXXXXX")  # per run: two runs at once do not collide
trap 'rm -rf "$work"' EXIT
rel=$work/rel
python3 "$src/tools/make_release.py" --out "$rel" --modules 01 --quiet
cd "$rel"
export CCACHE_BASEDIR=$rel  # relative paths: ccache hits across runs
launch=()
command -v ccache >/dev/null && launch=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake --preset release -DPARLAB_BUILD_TESTS=OFF "${launch[@]}" >/dev/null
fail() { echo "FAIL: $*"; exit 1; }
tables=report/01-sequential/tables.md

set +e
make --no-print-directory report MODULE=01 REPORT_ARGS=--quick JOBS=2 >"$work/early.log" 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "make report measured without sealed predictions"
grep -q "no predictions for 01-sequential yet" "$work/early.log" || { cat "$work/early.log"; fail "make report did not say to predict first"; }
[ ! -e "$tables" ] || fail "make report wrote tables before the predictions"
make --no-print-directory predict MODULE=01 >/dev/null
form=predictions/01-sequential.md
[ "$(grep -c '^## Q' "$form")" -ge 3 ] || fail "$form does not hold REPORT's questions"
! make --no-print-directory predict MODULE=01 >/dev/null 2>&1 || fail "make predict sealed an empty form"
sed -i 's/^Your prediction:$/Your prediction:\nabout 8x: one line per step of the column against one per 8 steps/' "$form"
make --no-print-directory predict MODULE=01 >/dev/null
sealed=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sha256"])' predictions/01-sequential.seal.json)

set +e
make --no-print-directory report MODULE=01 REPORT_ARGS=--quick JOBS=2 >"$work/stub.log" 2>&1
rc=$?
set -e
cat "$work/stub.log" | tail -20
[ "$rc" -ne 0 ] || fail "make report exited 0 on the stubs"
[ -f "$tables" ] || fail "no $tables on the stubs"
grep -q "Not implemented yet: .*matmul_interchange.cpp" "$tables" || fail "tables.md does not name matmul_interchange.cpp"
grep -Eq "^\| naive \| 64 \|" "$tables" || fail "tables.md has no naive row for n = 64"
[ -s report/01-sequential/ladder-n1024.json ] || fail "no JSON records kept"
grep -q "sha256 \`$sealed\`" "$tables" || fail "tables.md does not show the sealed predictions' hash"
cmp -s "$form" report/01-sequential/predictions.md || fail "the hand-in does not hold the sealed predictions"
grep -q "| L1 data |" "$tables" || [ ! -d /sys/devices/system/cpu/cpu0/cache ] || fail "tables.md has no cache geometry"

cp "$src/modules/01-sequential/exercises/matmul_interchange.cpp" "$src/modules/01-sequential/exercises/matmul_blocked.cpp" modules/01-sequential/exercises/
make --no-print-directory report MODULE=01 REPORT_ARGS=--quick JOBS=2 >"$work/done.log" 2>&1 || { tail -30 "$work/done.log"; fail "make report failed with the solutions in"; }
for rung in naive interchange blocked; do
  grep -Eq "^\| $rung \| 128 \|.*\| yes \|$" "$tables" || fail "no validated $rung row for n = 128"
done
! grep -q "FAILED\|Not implemented" "$tables" || fail "tables.md reports a failure with the solutions in"
if command -v valgrind >/dev/null; then  # the cachegrind run: D refs, D1, LLd, and both per flop
  grep -Eq "^\| interchange \| [0-9]+ \| [0-9]+ \| [0-9]+ \| [0-9.]+ \| [0-9.]+ \|$" "$tables" \
    || fail "tables.md has no cachegrind row for interchange"
else
  grep -q "SKIPPED: valgrind is not installed" "$tables" || fail "tables.md does not say cachegrind was skipped"
fi
echo "report: stub run and solution run both as expected"
