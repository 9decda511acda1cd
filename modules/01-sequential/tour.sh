#!/usr/bin/env bash
# The 01-sequential part of the tour (tools/modules.sh tour calls it with BIN OUT).
set -euo pipefail
bin=$1 out=$2
source tools/tour_lib.sh  # step: goes on past a rung not implemented yet
step "$bin/seq_matmul" --n 384 --json "$out/01-sequential-matmul.json"
echo
step "$bin/seq_render" --width 320 --height 180 --frames 8 --samples 4 --reps 1 --min-time 0 \
  --out "$out/frames" --json "$out/01-sequential-render.json"
