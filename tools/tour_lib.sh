# tools/tour_lib.sh - sourced by tools/run_profile.sh (the steps of a module's manifest;
# tools/modules.sh runs it once per module).
#
#   step DRIVER ARGS...           run one driver of the tour
#   expect_slower JSON VARIANT WORKERS REASON
#                                 mark a record whose slowdown IS the lesson
#   expect_faster JSON VARIANT WORKERS
#                                 a concurrent rung on one thread that must gain too
#
# A tour must go on past an exercise the student has not written yet: a stub throws
# parlab::not_implemented, the driver prints "Solution not implemented [rung]" (or
# "not implemented yet: ...") and exits 3. `step` lists those rungs as skipped and
# returns 0; any other failure is recorded too and the tour still goes on. What
# happened lands in $TOUR_OUT/tour-status.tsv (module, driver, status, detail), which
# tools/summary.py prints and tools/modules.sh turns into the tour's exit code.
: "${TOUR_OUT:?tour_lib.sh: TOUR_OUT is not set (run the tour through tools/modules.sh)}"
: "${TOUR_MODULE:?tour_lib.sh: TOUR_MODULE is not set (run the tour through tools/modules.sh)}"
TOUR_TOOLS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Ctrl-C reaches every process of the tour, but mpirun catches it, stops its ranks and exits
# 1 like any failure: a step's exit code cannot tell an interrupt. This trap can (bash runs
# it as soon as the step's command has ended), and stops the tour there, whatever the step.
trap 'rm -f "${_tour_log:-}"; echo "(tour: interrupted - the tour stops)" >&2; exit 130' INT TERM
_tour_python=/usr/bin/python3; [ -x "$_tour_python" ] || _tour_python=python3

_tour_status() { printf '%s\t%s\t%s\t%s\n' "$TOUR_MODULE" "$1" "$2" "$3" >>"$TOUR_OUT/tour-status.tsv"; }

step() {
  local name rc rungs
  name=$(basename "$1")
  # Under mpirun, name the step after the program (the first executable file argument).
  [ "$name" = mpirun ] && for a in "${@:2}"; do [[ $a == */* && -f $a && -x $a ]] && { name=$(basename "$a"); break; }; done
  _tour_log=$(mktemp)  # global: the interrupt trap removes it
  # Never stop the sourcing script (set -e): the exit code is looked at here.
  rc=0
  "$@" 2>&1 | tee "$_tour_log" || rc=${PIPESTATUS[0]}
  # The rung names of "Solution not implemented [rung]"; a driver with its own loop
  # only says "not implemented yet: what".
  rungs=$(grep -o 'Solution not implemented \[[^]]*\]' "$_tour_log" | sed 's/.*\[\(.*\)\]/\1/' | sort -u | paste -sd, -) || true
  [ -z "$rungs" ] && rungs=$(grep -o 'not implemented yet: .*' "$_tour_log" | head -1 | sed 's/not implemented yet: //') || true
  rm -f "$_tour_log"
  if [ -n "$rungs" ]; then
    _tour_status "$name" skipped "$rungs"
    echo "(tour: skipped, not implemented: $rungs - the tour goes on)"
  fi
  if [ "$rc" -ne 0 ] && { [ -z "$rungs" ] || [ "$rc" -ne 3 ]; }; then
    _tour_status "$name" failed "exit $rc"
    echo "(tour: $name exited with $rc - the tour goes on)"
  fi
  [ "$rc" -eq 0 ] && [ -z "$rungs" ] && _tour_status "$name" ok ""
  return 0
}

_tour_expect() {
  [ -f "$1" ] || return 0  # the driver was skipped or failed: nothing to mark
  "$_tour_python" "$TOUR_TOOLS/tour_expect.py" "$@" || true  # a rung skipped: nothing to mark
}
expect_slower() { _tour_expect "$1" "$2" "$3" slower "$4"; }
expect_faster() { _tour_expect "$1" "$2" "$3" faster; }

# The OpenBLAS core to select for a benchmark, or nothing: where OpenBLAS did not recognise
# the CPU (a virtual machine hiding its model) the drivers' BLAS warning names the kernel
# that fits the CPU's vector width (common/src/blas_info.cpp). usage: blas_best_core BIN_DIR
blas_best_core() {
  [ -x "$1/omp_matmul" ] || return 0
  "$1/omp_matmul" --n 8 --threads 1 --variants openblas --reps 1 --min-time 0 2>&1 |
    sed -n 's/.*OPENBLAS_CORETYPE=\([A-Za-z0-9]*\) selects.*/\1/p' | head -n 1
}
