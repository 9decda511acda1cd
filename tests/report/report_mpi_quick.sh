#!/usr/bin/env bash
# tests/report/report_mpi_quick.sh SOURCE_TREE BUILD_DIR - `tools/report.py 05,06 --quick` on
# this build's MPI drivers (tiny sizes, no timing assertion): both modules measured in one
# call; 05's tables.md has the ping-pong per message one way and SUMMA's time split, 06's the
# four binding runs of Q3 with their Binding: lines; both name their commands as run and
# their plots (where matplotlib is available). Exit 0 pass, 1 fail, 77 skip (no mpirun).
set -uo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
command -v mpirun >/dev/null || { echo "SKIP: no mpirun"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/parlab-report-mpi.XXXXXX")  # per run: two runs at once do not collide
trap 'rm -rf "$work"' EXIT
cd "$work"
export PYTHONPATH=$src/tools
fail() { echo "FAIL: $*"; exit 1; }
for m in 05 06; do
  python3 "$src/tools/predict.py" "$m" --dir pred >/dev/null || fail "predict $m"
  sed -i 's/^Your prediction:$/Your prediction:\nabout 2x/' pred/$m-*.md
  python3 "$src/tools/predict.py" "$m" --dir pred >/dev/null || fail "seal $m"
done
python3 "$src/tools/report.py" 05,06 --quick --build "$build" --out out --predictions pred >log 2>&1
rc=$?
tail -5 log
[ "$rc" -eq 0 ] || { cat log; fail "report 05,06 exited $rc"; }
t5=out/05-mpi/tables.md t6=out/06-hybrid/tables.md
[ -f "$t5" ] && [ -f "$t6" ] || fail "MODULE=05,06 did not measure both"
grep -qF "$build/bin/mpi_pingpong --max-bytes" "$t5" || fail "05: the ping-pong command is not the one run ($build/bin/...)"
grep -q "^| bytes | one-way µs (median) |" "$t5" || fail "05: no one-way column per message"
grep -Eq "^\| 8 \| [0-9.e+-]+ \|" "$t5" || fail "05: no 8 B row"
grep -q "^| summa | 4 |" "$t5" || fail "05: no SUMMA time split on 4 ranks"
for b in bind-none-1x2 bind-core-1x2 bind-none-2x2 bind-core-2x2; do
  grep -q "^## $b" "$t6" || fail "06: no $b run"
done
[ "$(grep -c '^Binding: rank' "$t6")" -ge 6 ] || fail "06: the Binding: lines are not in tables.md"
grep -q "^Thread level: asked" "$t6" || fail "06: no thread level line"
grep -q "^Load (1-minute average)" "$t5" || fail "05: no load line"
if /usr/bin/python3 -c 'import matplotlib' 2>/dev/null || python3 -c 'import matplotlib' 2>/dev/null; then
  for f in out/05-mpi/plots/pingpong.png out/05-mpi/plots/speedups.png out/05-mpi/plots/speedup.png out/06-hybrid/plots/speedups.png; do
    [ -s "$f" ] || fail "no $f"
    grep -qF "(plots/$(basename "$f"))" "$(dirname "$(dirname "$f")")/tables.md" || fail "tables.md does not show $f"
  done
else
  grep -q "No plots: matplotlib is not available" "$t5" || fail "05: no plots and no reason"
fi
echo "report 05,06: tables and plots as expected"
