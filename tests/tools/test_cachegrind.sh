#!/usr/bin/env bash
# tools/cachegrind.py on one tiny rung: a row of counts, per flop, and the machine's caches.
# Skipped (exit 77) without valgrind. Usage: test_cachegrind.sh SOURCE_TREE BUILD_DIR
# BUILD_DIR must hold seq_matmul built without AVX-512 code (valgrind decodes none): the
# test configures its own build/cachegrind-test beside it when the CPU has AVX-512.
set -euo pipefail
src=$1; build=$2
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed (apt-get install valgrind)"; exit 77; }
out=$(mktemp -d "${TMPDIR:-/tmp}/parlab-cg.XXXXXX"); trap 'rm -rf "$out"' EXIT
if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  cg=$build/../cachegrind-test
  # ccache with paths relative to the source (tools/ccache-args.sh): a fresh clone elsewhere hits too
  read -r -a launch <<<"$("$src/tools/ccache-args.sh" "$cg")"
  cmake -S "$src" -B "$cg" -DCMAKE_BUILD_TYPE=Release -DPARLAB_NATIVE=OFF -DPARLAB_WITH_MPI=OFF -DPARLAB_BUILD_TESTS=OFF "${launch[@]}" >"$out/cfg.log" 2>&1 \
    || { tail "$out/cfg.log"; exit 1; }
  ( flock 9; cmake --build "$cg" --target seq_matmul -j 2 >"$out/build.log" 2>&1 ) 9>"$cg.lock" || { tail "$out/build.log"; exit 1; }
  build=$cg
fi
PYTHONPATH=$src/tools python3 "$src/tools/cachegrind.py" --build "$build" --json "$out/cg.json" -- \
  seq_matmul --n 24 --variants naive | tee "$out/cg.txt"
grep -Eq '^\| naive \| [0-9]+ \| [0-9]+ \| [0-9]+ \| [0-9.]+ \| [0-9.]+ \|$' "$out/cg.txt" || { echo "FAIL: no row for naive"; exit 1; }
python3 - "$out/cg.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["rungs"][0]
assert r["rung"] == "naive" and r["flops"] == 2 * 24**3, r
assert r["refs"] >= 24**3 and 0 <= r["d1"] <= r["refs"], r  # a load per multiply-add at least; no more misses than loads
print("cachegrind: one rung counted, as expected")
PY
