#!/usr/bin/env bash
# 06-hybrid benchmark (not a test): the same 2 cores used as 1 rank x 2 threads and 2 ranks
# x 1 thread at n = 2048 and 4096, 2 ranks x 2 threads with Open MPI's default binding (each
# rank pinned to one core) against --bind-to none (the binding lesson); then the table of
# every distributed layout against 04's tiled on 2 threads (ratios.py, with 05's records
# of this bench run).
set -euo pipefail
bin=$1 out=$2
source "$(dirname "$0")/../05-mpi/mpi-env.sh"
mpi_ready "$bin" hybrid_matmul || exit 0
# The local kernel runs the best kernel OpenBLAS has for this CPU (see 05-mpi/bench.sh).
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
sizes=${BENCH_N:-2048 4096}
m=(--reps 5 --min-time 0)
for n in $sizes; do
  mpirun --bind-to none -np 1 "$bin/hybrid_matmul" --n "$n" "${m[@]}" --threads 2 --variants seq,hybrid \
    --json "$out/06-hybrid-matmul-1x2-n$n.json"
  OMPI_MCA_mpi_yield_when_idle=0 mpirun --bind-to core -np 2 "$bin/hybrid_matmul" --n "$n" "${m[@]}" --threads 1 --variants seq,mpi \
    --json "$out/06-hybrid-matmul-2x1-n$n.json"
done
n=${sizes%% *}
m=(--n "$n" --reps 3 --min-time 0)
mpirun --bind-to core -np 2 "$bin/hybrid_matmul" "${m[@]}" --threads 2 --variants hybrid --json "$out/06-hybrid-matmul-2x2-bound.json"
mpirun --bind-to none -np 2 "$bin/hybrid_matmul" "${m[@]}" --threads 2 --variants seq,hybrid --json "$out/06-hybrid-matmul-2x2-free.json"
r=(--width 640 --height 360 --frames 8 --samples 4 --reps 3 --min-time 0)
mpirun --bind-to none -np 2 "$bin/hybrid_render" "${r[@]}" --threads 2 --json "$out/06-hybrid-render-2x2.json"
python3 "$(dirname "$0")/ratios.py" "$out" $sizes
