#!/usr/bin/env bash
# tools/bench.sh BUILD_DIR OUT_DIR - benchmarks at larger sizes, every module's
# bench.sh in order; JSON records under OUT_DIR. Not a test: quote the ratios.
set -uo pipefail
build=${1:?usage: tools/bench.sh BUILD_DIR OUT_DIR}
out=${2:?usage: tools/bench.sh BUILD_DIR OUT_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$build/bin" && pwd) || { echo "bench: no binaries in $build/bin - build first"; exit 2; }
mkdir -p "$out" && out=$(cd "$out" && pwd)
only=${BENCH_MODULES:-}   # e.g. BENCH_MODULES="01 04" to run some modules only

failed=()
for script in "$here"/modules/*/bench.sh; do
  module=$(basename "$(dirname "$script")")
  if [ -n "$only" ] && ! grep -qw "${module%%-*}" <<<"$only"; then continue; fi
  echo
  echo "################ bench $module ################"
  (cd "$here" && bash "$script" "$bin" "$out") || failed+=("$module")
done
echo
python3 "$here/tools/summary.py" "$out"/*.json
[ ${#failed[@]} -eq 0 ] || { echo "bench: failures in: ${failed[*]}"; exit 1; }
