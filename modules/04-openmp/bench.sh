#!/usr/bin/env bash
# 04-openmp benchmark, on 1 and 2 threads (ratios within each run):
#  1. the whole ladder at n = 2048, naive to OpenBLAS, once per rung (naive takes
#     about a minute here): the span of the ladder;
#  2. the top of the ladder at n = 2048, repeated: tiled against Eigen (on the same
#     threads) and OpenBLAS - the figures the README quotes;
#  3. the renderer's schedules: static against dynamic (load imbalance), 1 vs 2 threads.
set -euo pipefail
bin=$1 out=$2
# The BLAS reference runs the best kernel OpenBLAS has for this CPU: this environment may
# force an older one (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE); the JSON context records which ran.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
threads=${BENCH_THREADS:-1,2} n=${BENCH_N:-2048}
# Thread binding (OMP_PROC_BIND/OMP_PLACES) is left to the caller: see README.
"$bin/omp_matmul" --n "$n" --threads "$threads" --reps 1 --min-time 0 --json "$out/04-openmp-matmul-ladder-n$n.json"
"$bin/omp_matmul" --n "$n" --threads "$threads" --variants seq,tiled,eigen,openblas --reps 5 --min-time 2 \
  --json "$out/04-openmp-matmul-top-n$n.json"
"$bin/omp_render" --width 640 --height 360 --frames 4 --samples 4 --threads "$threads" --reps 3 --min-time 0 \
  --json "$out/04-openmp-render.json"
python3 "$(dirname "$0")/ratios.py" "$out/04-openmp-matmul-ladder-n$n.json" "$out/04-openmp-matmul-top-n$n.json" \
  "$out/04-openmp-render.json"
