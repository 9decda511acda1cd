#!/usr/bin/env bash
# whole_files.sh BIN interrupt|full-disk : results are whole or absent.
#   interrupt  a driver stopped by SIGINT or SIGTERM mid-run leaves no --json file (the
#              write check at start-up used to create it empty)
#   full-disk  on a full disk (a small tmpfs in a private mount namespace; skipped, exit
#              77, without the privilege) a driver exits 5, leaves no truncated frame or
#              JSON and no temporary file, and an earlier JSON stays as it was
set -uo pipefail
bin=$1 mode=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/parlab-whole-XXXXXX")  # this run's own: runs at once never share
trap 'rm -rf "$work"' EXIT
fail() { echo "whole_files: FAIL: $*"; exit 1; }

interrupt() {  # interrupt SIGNAL
  command -v stdbuf >/dev/null || { echo "whole_files: SKIPPED: no stdbuf (GNU coreutils)"; exit 77; }
  local json=$work/$1.json log=$work/$1.log pid
  set -m  # the driver in its own process group, where SIGINT is not ignored
  # stdbuf: the driver's lines reach the log as they are printed, not at its exit.
  stdbuf -oL "$bin/seq_matmul" --n 300 --variants naive --reps 1000 --min-time 600 --json "$json" >"$log" 2>&1 &
  pid=$!
  set +m
  for _ in $(seq 600); do grep -q "Solution validates" "$log" && break; sleep 0.1; done
  grep -q "Solution validates" "$log" || { kill -KILL "$pid"; fail "the driver did not start: $(cat "$log")"; }
  kill -"$1" "$pid"
  wait "$pid"
  echo "SIG$1 at the timed runs: exit $?"
  [ -e "$json" ] && fail "SIG$1 left '$json' ($(stat -c %s "$json") bytes)"
  ls -A "$work" | grep -v '\.log$' && fail "SIG$1 left files in the output folder"
  echo "SIG$1: no JSON file left, as it should be"
}

full_disk() {
  unshare -m true 2>/dev/null || { echo "whole_files: SKIPPED: no private mount namespace (needs root)"; exit 77; }
  local png_ok=1
  "$bin/seq_render" --width 2 --height 2 --frames 1 --samples 1 --reps 1 --min-time 0 --out "$work/probe" >/dev/null
  [ -e "$work/probe/frame_0000.png" ] || png_ok=0
  unshare -m bash -s "$bin" "$work" "$png_ok" <<'INNER' || exit 1
    set -uo pipefail
    bin=$1 disk=$2/disk png_ok=$3
    fail() { echo "whole_files: FAIL: $*"; exit 1; }
    # A PNG is whole if it ends with its IEND chunk.
    png_whole() { [ "$(tail -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "49454e44ae426082" ]; }
    mkdir -p "$disk" && mount -t tmpfs -o size=48k tmpfs "$disk" || fail "cannot mount a tmpfs"
    # Frames of about 22, 25 and 27 KB: the first fits, the second fills the disk.
    "$bin/seq_render" --width 160 --height 90 --frames 3 --samples 1 --reps 1 --min-time 0 \
      --out "$disk/frames" --json "$disk/r.json" >"$2/render.log" 2>&1
    rc=$?
    cat "$2/render.log"
    [ "$rc" -eq 5 ] || fail "render on a full disk: exit $rc, expected 5 (a result not saved)"
    grep -q "failed writing" "$2/render.log" || fail "no message naming the file"
    [ -e "$disk/r.json" ] && fail "a JSON file after the frames failed"
    ls -A "$disk/frames" | grep -q 'tmp' && fail "a temporary file was left: $(ls -A "$disk/frames")"
    if [ "$png_ok" = 1 ]; then
      for f in "$disk"/frames/*.png; do [ -e "$f" ] || continue; png_whole "$f" || fail "$f is truncated"; done
    fi
    echo "frames on a full disk: exit 5, $(ls "$disk/frames" | wc -l) whole frame(s), nothing truncated"
    # JSON: an earlier result stays as it was when the new one does not fit.
    rm -rf "$disk/frames"
    echo old >"$disk/m.json"
    head -c 1M /dev/zero >"$disk/filler" 2>/dev/null  # fills the disk
    "$bin/seq_matmul" --n 16 --reps 1 --min-time 0 --json "$disk/m.json" >"$2/matmul.log" 2>&1
    rc=$?
    tail -2 "$2/matmul.log"
    [ "$rc" -eq 5 ] || fail "JSON on a full disk: exit $rc, expected 5"
    [ "$(cat "$disk/m.json")" = old ] || fail "the earlier JSON was replaced or truncated"
    ls -A "$disk" | grep -q 'tmp' && fail "a temporary file was left: $(ls -A "$disk")"
    echo "JSON on a full disk: exit 5, the earlier file kept"
INNER
}

case $mode in
  interrupt) interrupt INT && interrupt TERM ;;
  full-disk) full_disk ;;
  *) echo "usage: whole_files.sh BIN interrupt|full-disk" >&2; exit 2 ;;
esac
