#!/usr/bin/env bash
# 01-sequential benchmark: the ladder at n = 512, 1024, 2048 on 1 thread.
# Naive at 2048 takes about a minute a run here, so big sizes run once.
set -euo pipefail
bin=$1 out=$2
# The BLAS reference runs the best kernel OpenBLAS has for this CPU: this environment may
# force an older one (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE); the JSON context records which ran.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
for n in 512 1024 2048; do
  reps=3; mt=0.5
  [ "$n" -ge 2048 ] && { reps=1; mt=0; }
  "$bin/seq_matmul" --n "$n" --threads 1 --reps $reps --min-time $mt --json "$out/01-sequential-matmul-n$n.json"
done
"$bin/seq_render" --width 640 --height 360 --frames 4 --reps 3 --json "$out/01-sequential-render.json"
