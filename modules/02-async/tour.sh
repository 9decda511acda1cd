#!/usr/bin/env bash
# The 02-async part of the tour (tools/modules.sh tour calls it with BIN OUT): a few seconds.
set -euo pipefail
bin=$1 out=$2
source tools/tour_lib.sh  # step: goes on past a rung not implemented yet
step "$bin/async_breakfast" --scale 60 --json "$out/02-async-breakfast.json"
echo
step "$bin/async_taskgraph" --scale 15 --workers 1,2,4 --json "$out/02-async-taskgraph.json"
echo
step "$bin/async_render" --width 160 --height 90 --frames 6 --samples 2 --reps 1 --min-time 0 \
  --cancel-after 0 --json "$out/02-async-render.json"
echo
step "$bin/async_knife" --tasks 4 --io-ms 20 --cpu-pixels 20000 --reps 1 --json "$out/02-async-knife.json"
