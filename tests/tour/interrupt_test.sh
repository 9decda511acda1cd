#!/usr/bin/env bash
# interrupt_test.sh BUILD_DIR interrupt|lock
#   interrupt  Ctrl-C (SIGINT to the whole process group, as a terminal sends it) during an
#              mpirun step of the tour - the ping-pong, then the deadlock demo - stops the
#              tour at once with exit 130: no "the tour goes on", no later step or module,
#              no summary, every process gone (skipped, exit 77, without MPI)
#   lock       a second tour into an output folder a tour is writing to is refused (exit 2,
#              a clear message) and deletes nothing (skipped without flock)
set -uo pipefail
build=$(cd "$1" && pwd) mode=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/parlab-tour-int-XXXXXX")  # this run's own folder
holder=''
cleanup() { [ -n "$holder" ] && kill "$holder" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "interrupt_test: FAIL: $*"; exit 1; }

interrupt_at() {  # interrupt_at NAME PATTERN: SIGINT once a process of the tour matches PATTERN
  local out=$work/$1 log=$work/$1.log sid rc t0
  mkdir -p "$out"
  # Its own session, so the signal reaches the tour's processes and no one else's.
  (cd "$src" && BENCH_MODULES=05 exec setsid tools/modules.sh tour "$build" "$out") >"$log" 2>&1 &
  sid=$!
  for _ in $(seq 600); do pgrep -s "$sid" -f -- "$2" >/dev/null && break; sleep 0.1; done
  pgrep -s "$sid" -f -- "$2" >/dev/null || { kill -KILL -- -"$sid" 2>/dev/null; fail "no step matching '$2' started: $(tail -5 "$log")"; }
  sleep 0.5  # mpirun and its ranks are up
  t0=$SECONDS
  kill -INT -- -"$sid"
  wait "$sid"
  rc=$?
  for _ in $(seq 200); do pgrep -s "$sid" >/dev/null || break; sleep 0.1; done
  if pgrep -s "$sid" >/dev/null; then kill -KILL -- -"$sid"; fail "processes of the tour still ran 20 s after Ctrl-C"; fi
  echo "--- $1: the tour's last lines:"; tail -4 "$log"
  [ "$rc" -eq 130 ] || fail "$1: the tour exited $rc after Ctrl-C, expected 130"
  ! grep -E "the tour goes on|deadlock was caught|################ summary|mpi_matmul" "$log" || fail "$1: the tour went on after Ctrl-C"
  echo "$1: stopped $((SECONDS - t0)) s after Ctrl-C, exit 130"
}

case $mode in
  interrupt)
    { [ -x "$build/bin/mpi_matmul" ] && command -v mpirun >/dev/null; } ||
      { echo "interrupt_test: SKIPPED: no MPI build or no mpirun"; exit 77; }
    interrupt_at pingpong 'bin/mpi_pingpong'
    interrupt_at deadlock 'mpi_deadlock --variants blocking' ;;
  lock)
    command -v flock >/dev/null || { echo "interrupt_test: SKIPPED: no flock"; exit 77; }
    out=$work/shared
    mkdir -p "$out"
    echo '{}' >"$out/01-sequential-matmul.json"  # the first tour's record
    # The first tour, as far as the lock goes: one process (exec), so killing it frees the lock.
    (exec 9>"$out/.parlab-tour.lock" && flock 9 && exec sleep 120) >/dev/null 2>&1 &
    holder=$!
    for _ in $(seq 100); do flock -n "$out/.parlab-tour.lock" true || break; sleep 0.1; done
    (cd "$src" && timeout 60 tools/modules.sh tour "$build" "$out") >"$work/second.log" 2>&1
    rc=$?
    cat "$work/second.log"
    [ "$rc" -eq 2 ] || fail "the second tour exited $rc, expected 2"
    grep -q "another tour is writing to $out" "$work/second.log" || fail "no message naming the folder"
    [ -f "$out/01-sequential-matmul.json" ] || fail "the second tour deleted the first one's record"
    echo "lock: the second tour was refused and deleted nothing" ;;
  *) echo "usage: interrupt_test.sh BUILD_DIR interrupt|lock" >&2; exit 2 ;;
esac
