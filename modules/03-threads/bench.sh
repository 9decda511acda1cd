#!/usr/bin/env bash
# 03-threads benchmark (modules' bench.sh BIN OUT, run by make bench). Every
# comparison is made in ONE run, so its ratios are measured side by side:
#   render: sequential vs block vs cyclic vs work-queue vs pool, at 1 and 2 threads
#           (block suffers from the scene's uneven rows; the others balance it);
#   matmul: sequential vs row blocks at 1 and 2 threads (plus Eigen/OpenBLAS);
#   false sharing: padded vs unpadded per-thread counters at 1 and 2 threads;
#   sync: racy vs mutex vs atomic counters (the cost of correctness).
set -euo pipefail
bin=$1 out=$2
"$bin/threads_render_cost" --width 640 --height 360 --frames 4 --threads 2,3,4,8,16 --json "$out/03-threads-render-cost.json"
echo
"$bin/threads_render" --width 640 --height 360 --frames 4 --samples 4 --threads 1,2 --reps 3 --min-time 1 \
  --json "$out/03-threads-render.json"
echo
"$bin/threads_matmul" --n 1024 --threads 1,2 --reps 3 --min-time 1 --json "$out/03-threads-matmul.json"
echo
"$bin/threads_false_sharing" --iters 20000000 --threads 1,2 --reps 5 --min-time 1 \
  --json "$out/03-threads-false-sharing.json"
echo
"$bin/threads_sync" --iters 4000000 --transfers 200000 --threads 1,2 --reps 3 --min-time 0.5 \
  --json "$out/03-threads-sync.json"
