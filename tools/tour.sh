#!/usr/bin/env bash
# tools/tour.sh BUILD_DIR OUT_DIR - the main job: every module's tour in order
# (modules/NN-name/tour.sh), then one speedup table over all their JSON records.
set -uo pipefail
build=${1:?usage: tools/tour.sh BUILD_DIR OUT_DIR}
out=${2:?usage: tools/tour.sh BUILD_DIR OUT_DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$build/bin" && pwd) || { echo "tour: no binaries in $build/bin - build first (make run)"; exit 2; }
mkdir -p "$out" && out=$(cd "$out" && pwd)
rm -f "$out"/*.json

failed=()
for tour in "$here"/modules/*/tour.sh; do
  module=$(basename "$(dirname "$tour")")
  echo
  echo "################ $module ################"
  if ! (cd "$here" && bash "$tour" "$bin" "$out"); then
    failed+=("$module")
  fi
done

echo
echo "################ summary ################"
python3 "$here/tools/summary.py" "$out"/*.json
echo
echo "Results (JSON records, PNG frames) are in: $out"
if [ ${#failed[@]} -gt 0 ]; then
  echo "tour: these modules reported a failure: ${failed[*]}"
  exit 1
fi
