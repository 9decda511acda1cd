#!/usr/bin/env bash
# The 03-threads part of the tour (tools/modules.sh tour calls it with BIN OUT): a few seconds.
set -euo pipefail
bin=$1 out=$2
source tools/tour_lib.sh  # step: goes on past a rung not implemented yet
step "$bin/threads_matmul" --n 512 --threads 1,2 --variants sequential,row_blocks --reps 5 --min-time 0.2 \
  --json "$out/03-threads-matmul.json"
echo
step "$bin/threads_render" --width 320 --height 180 --frames 3 --samples 2 --threads 1,2 --reps 3 --min-time 0 \
  --json "$out/03-threads-render.json"
echo
step "$bin/threads_sync" --iters 2000000 --transfers 20000 --threads 2 --reps 1 --min-time 0 \
  --json "$out/03-threads-sync.json"
for v in mutex atomic; do
  expect_slower "$out/03-threads-sync.json" $v 2 "a correct count pays for every lock or atomic; the racy one is fast and wrong"
done
echo
step "$bin/threads_false_sharing" --iters 5000000 --threads 2 --reps 3 --min-time 0 \
  --json "$out/03-threads-false-sharing.json"
echo
step "$bin/threads_render_cost" --width 160 --height 90 --frames 2 --threads 2,4,8 --bands 9 \
  --json "$out/03-threads-render-cost.json"
echo
step "$bin/threads_cost" --count 100 --round-trips 20000 --reps 3 --json "$out/03-threads-cost.json"
