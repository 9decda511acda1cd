#!/usr/bin/env bash
# The 04-openmp part of the tour (tools/modules.sh tour calls it with BIN OUT): a few seconds.
set -euo pipefail
bin=$1 out=$2
source tools/tour_lib.sh  # step: goes on past a rung not implemented yet
step "$bin/omp_matmul" --n 512 --threads 1,2 --variants sequential,parallel_rows,collapse,tiled,tasks,eigen,openblas \
  --reps 5 --min-time 0.3 --json "$out/04-openmp-matmul.json"
echo
step "$bin/omp_render" --width 240 --height 135 --frames 4 --samples 2 --threads 1,2 \
  --variants sequential,static,static1,dynamic,guided,tiles,frames,collapsed --reps 3 --min-time 0 \
  --json "$out/04-openmp-render.json"
echo
step "$bin/omp_races" --n 200000 --trials 5 --threads 2 --json "$out/04-openmp-races.json"
