#!/usr/bin/env bash
# tests/slurm/animate_test.sh SEQ_RENDER WORK - render 5 tiny frames, turn them into a GIF and
# an MP4 with tools/animate.sh, and check both hold 5 frames. 77 = no ffmpeg here.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
render=$1 work=$2
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null ||
  { echo "SKIP: ffmpeg/ffprobe not installed (apt install ffmpeg)"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
"$render" --width 40 --height 24 --frames 5 --samples 1 --reps 1 --min-time 0 --out "$work/frames" >/dev/null
frames() { ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$1"; }
"$ROOT/tools/animate.sh" "$work/frames"
"$ROOT/tools/animate.sh" "$work/frames" "$work/anim.mp4" 10
[ "$(head -c 6 "$work/frames/animation.gif")" = GIF89a ] || { echo "FAIL: not a GIF"; exit 1; }
[ "$(frames "$work/frames/animation.gif")" = 5 ] || { echo "FAIL: GIF does not hold 5 frames"; exit 1; }
[ "$(frames "$work/anim.mp4")" = 5 ] || { echo "FAIL: MP4 does not hold 5 frames"; exit 1; }
# Bad input: a clear message and exit 2.
if "$ROOT/tools/animate.sh" "$work/nowhere" 2>"$work/err"; then echo "FAIL: missing folder accepted"; exit 1; fi
grep -q "no folder" "$work/err" || { echo "FAIL: unclear message: $(cat "$work/err")"; exit 1; }
if "$ROOT/tools/animate.sh" "$work/frames" "$work/anim.avi" 2>"$work/err"; then echo "FAIL: .avi accepted"; exit 1; fi
echo "PASS: GIF and MP4 with 5 frames each"
