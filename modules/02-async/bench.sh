#!/usr/bin/env bash
# 02-async benchmark (not a test): sync vs async breakfast, the task graph on
# 1..8 workers, the render/write overlap gain (real PNG writes, then a simulated
# slow disk), and the knife matrix. Ratios are measured within each run.
set -euo pipefail
bin=$1 out=$2
"$bin/async_breakfast" --scale 200 --reps 3 --json "$out/02-async-breakfast.json"
"$bin/async_taskgraph" --scale 50 --threads 1,2,4,8 --reps 3 --json "$out/02-async-taskgraph-io.json"
"$bin/async_taskgraph" --scale 50 --threads 1,2,4 --reps 3 --work cpu --json "$out/02-async-taskgraph-cpu.json"
"$bin/async_render" --width 320 --height 180 --frames 8 --samples 4 --reps 3 --variants render+write-seq,render+write-overlapped \
  --json "$out/02-async-render-overlap.json"
"$bin/async_render" --width 320 --height 180 --frames 8 --samples 4 --reps 3 --variants render+write-seq,render+write-overlapped \
  --write-delay-ms 150 --json "$out/02-async-render-overlap-slowdisk.json"
"$bin/async_knife" --tasks 8 --reps 3 --json "$out/02-async-knife.json"
