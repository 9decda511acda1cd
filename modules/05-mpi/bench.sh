#!/usr/bin/env bash
# 05-mpi benchmark (not a test): ping-pong over sizes; matmul at n=2048 with 1 and 2 ranks
# (row-block, SUMMA, overlap against rank 0 alone in the same run); the frame farm with
# 2 workers (3 ranks) against the static split on 2 and 3 ranks. Quote the ratios.
set -euo pipefail
bin=$1 out=$2
source "$(dirname "$0")/mpi-env.sh"
mpi_ready "$bin" mpi_matmul || exit 0
mpirun=(mpirun "${MPI_OVERSUB[@]}")
n=${BENCH_N:-2048}
"${mpirun[@]}" -np 2 "$bin/mpi_pingpong" --max-bytes 4194304 --reps 5 --min-time 0.05 --json "$out/05-mpi-pingpong.json"
"${mpirun[@]}" -np 1 "$bin/mpi_matmul" --n "$n" --variants seq,rowblock,summa --reps 3 --min-time 0 \
  --json "$out/05-mpi-matmul-np1.json"
"${mpirun[@]}" -np 2 "$bin/mpi_matmul" --n "$n" --variants seq,rowblock,summa,overlap --reps 3 --min-time 0 \
  --json "$out/05-mpi-matmul-np2.json"
r=(--width 640 --height 360 --frames 8 --samples 4 --band 4 --reps 3 --min-time 0)
"${mpirun[@]}" -np 2 "$bin/mpi_render" "${r[@]}" --variants seq,static --json "$out/05-mpi-render-np2.json"
"${mpirun[@]}" -np 3 --bind-to none "$bin/mpi_render" "${r[@]}" --variants seq,static,dynamic \
  --json "$out/05-mpi-render-np3.json"
