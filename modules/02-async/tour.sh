#!/usr/bin/env bash
# The 02-async part of the tour (tools/modules.sh tour calls it with BIN OUT): a few seconds.
set -euo pipefail
bin=$1 out=$2
source tools/tour_lib.sh  # step: goes on past a rung not implemented yet
step "$bin/async_breakfast" --scale 60 --json "$out/02-async-breakfast.json"
for cook in callbacks coroutines; do expect_faster "$out/02-async-breakfast.json" $cook 1; done
echo
step "$bin/async_taskgraph" --scale 15 --workers 1,2,4 --json "$out/02-async-taskgraph.json"
echo
# The write waits 15 ms (--write-delay-ms: a slow disk or network share) so that writing
# costs as much as rendering a frame: overlapping the two is then worth seeing.
step "$bin/async_render" --width 160 --height 90 --frames 6 --samples 4 --reps 3 --min-time 0 \
  --write-delay-ms 15 --cancel-after 0 --json "$out/02-async-render.json"
expect_faster "$out/02-async-render.json" render+write-overlapped 1
echo
step "$bin/async_knife" --tasks 4 --io-ms 20 --cpu-pixels 80000 --reps 3 --json "$out/02-async-knife.json"
k=$out/02-async-knife.json
expect_slower "$k" cpu/async/one 1 "CPU-bound on one thread: an event loop overlaps waits, not work"
expect_slower "$k" cpu/async/all 1 "CPU-bound on one thread: an event loop overlaps waits, not work"
for s in threads processes; do  # one per task: 4 threads, or 4 processes
  expect_slower "$k" cpu/$s/one 4 "pinned to one core: four cooks, one knife - concurrency without parallelism"
done
expect_faster "$k" io/async/one 1
expect_faster "$k" io/async/all 1
echo
step "$bin/async_histogram" --width 160 --height 90 --frames 8 --samples 2 --tasks 2,4 --reps 3 --min-time 0 \
  --json "$out/02-async-histogram.json"
