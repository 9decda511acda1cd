#!/usr/bin/env bash
# tools/modules.sh tour|bench BUILD_DIR OUT_DIR
#   tour:  the main job - every module's tour.sh (small sizes, frames, a few seconds each)
#   bench: every module's bench.sh (larger sizes; not a test: quote the ratios)
# Modules run in order (modules/NN-name/MODE.sh BIN OUT); then one summary table over
# all their JSON records. BENCH_MODULES="01 04" limits which modules run.
set -uo pipefail
mode=${1:-}; build=${2:-}; out=${3:-}
if [[ ! "$mode" =~ ^(tour|bench)$ || -z "$build" || -z "$out" ]]; then
  echo "usage: tools/modules.sh tour|bench BUILD_DIR OUT_DIR" >&2; exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$build/bin" 2>/dev/null && pwd) || { echo "$mode: no binaries in $build/bin - build first (make)"; exit 2; }
mkdir -p "$out" && out=$(cd "$out" && pwd)
rm -f "$out"/*.json
only=${BENCH_MODULES:-}

failed=()
for script in "$here"/modules/*/"$mode".sh; do
  module=$(basename "$(dirname "$script")")
  if [ -n "$only" ] && ! grep -qw "${module%%-*}" <<<"$only"; then continue; fi
  echo
  echo "################ $mode $module ################"
  (cd "$here" && bash "$script" "$bin" "$out") || failed+=("$module")
done

echo
echo "################ summary ################"
python3 "$here/tools/summary.py" "$out"/*.json
echo
echo "Results (JSON records$([ "$mode" = tour ] && echo ", PNG frames")) are in: $out"
if [ ${#failed[@]} -gt 0 ]; then
  echo "$mode: these modules reported a failure: ${failed[*]}"
  exit 1
fi
