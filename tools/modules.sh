#!/usr/bin/env bash
# tools/modules.sh tour|bench BUILD_DIR OUT_DIR
#   tour:  the main job - every module's tour runs (small sizes, frames, a few seconds each)
#   bench: every module's bench runs (larger sizes; not a test: quote the ratios)
# Modules run in order, each as its manifest says (modules/NN-name/module.json, run by
# tools/run_profile.sh); then one summary table over all their JSON records.
# BENCH_MODULES="01 04" limits which modules run.
# The tour's steps (tools/tour_lib.sh) go on past exercises not written yet and log
# what they skipped; the tour ends with a page to look at: OUT/index.html (tools/tour_page.py).
set -uo pipefail
mode=${1:-}; build=${2:-}; out=${3:-}
if [[ ! "$mode" =~ ^(tour|bench)$ || -z "$build" || -z "$out" ]]; then
  echo "usage: tools/modules.sh tour|bench BUILD_DIR OUT_DIR" >&2; exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$build/bin" 2>/dev/null && pwd) || { echo "$mode: no binaries in $build/bin - build first (make)"; exit 2; }
mkdir -p "$out" && out=$(cd "$out" && pwd)
# One run per output folder: a second would delete the first one's records and mix its own
# into them. The lock is held by this script alone (fd 9 is closed for the steps), so it
# ends with it, however it ends.
if command -v flock >/dev/null; then
  exec 9>"$out/.parlab-$mode.lock"
  if ! flock -n 9; then
    echo "$mode: another $mode is writing to $out - wait for it to end, or give this one another folder (make $mode OUT=elsewhere)" >&2
    exit 2
  fi
else
  echo "($mode: no flock here - a second $mode into $out at the same time would not be noticed)"
fi
# An interrupt (Ctrl-C: every process of the tour gets it) ends the run once its step has
# stopped (tools/tour_lib.sh stops the module's script): no summary of a partial run.
trap 'echo "$mode: interrupted" >&2; exit 130' INT TERM
rm -f "$out"/*.json "$out/tour-status.tsv"
only=${BENCH_MODULES:-}
python=/usr/bin/python3; [ -x $python ] || python=python3  # Debian's has python3-matplotlib
export TOUR_OUT=$out

failed=()
for manifest in "$here"/modules/*/module.json; do
  module=$(basename "$(dirname "$manifest")")
  if [ -n "$only" ] && ! grep -qw "${module%%-*}" <<<"$only"; then continue; fi
  echo
  echo "################ $mode $module ################"
  (cd "$here" && TOUR_MODULE=$module bash tools/run_profile.sh "$module" "$mode" "$bin" "$out" 9>&-) || failed+=("$module")
done
if [ -f "$out/tour-status.tsv" ]; then
  while IFS=$'\t' read -r module _ status _; do
    [ "$status" = failed ] && [[ ! " ${failed[*]} " == *" $module "* ]] && failed+=("$module")
  done <"$out/tour-status.tsv"
fi

echo
echo "################ summary ################"
$python "$here/tools/summary.py" --status "$out/tour-status.tsv" "$out"/*.json
echo
if [ "$mode" = tour ]; then
  [ -d "$out/frames" ] && "$here/tools/animate.sh" "$out/frames" "$out/animation.gif" 8 || echo "(no animation)"
  $python "$here/tools/tour_page.py" "$out" || echo "tour: the page was not written (see above)"
fi
echo "Results (JSON records$([ "$mode" = tour ] && echo ", PNG frames, index.html")) are in: $out"
if [ ${#failed[@]} -gt 0 ]; then
  echo "$mode: these modules reported a failure: ${failed[*]}"
  exit 1
fi
