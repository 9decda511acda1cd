#!/usr/bin/env bash
# 05-mpi benchmark (not a test): ping-pong over sizes; matmul at n = 2048 and 4096 on 2 ranks
# (row-block, SUMMA, overlap and ScaLAPACK's PDGEMM against rank 0 alone, in the same run)
# beside 04's tiled on 2 threads, the shared-memory figure to hold them against; matmul on
# 1 rank; the frame farm with 2 workers (3 ranks) against the static split. Quote the
# ratios: 06-hybrid's bench prints the distributed-vs-shared table (06-hybrid/ratios.py).
set -euo pipefail
bin=$1 out=$2
source "$(dirname "$0")/mpi-env.sh"
mpi_ready "$bin" mpi_matmul || exit 0
# The local kernel and the references run the best kernel OpenBLAS has for this CPU: this
# environment may force an older one (OPENBLAS_CORETYPE); the JSON context records which ran.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
mpirun=(mpirun "${MPI_OVERSUB[@]}")
sizes=${BENCH_N:-2048 4096}
reps=(--reps 5 --min-time 0)  # others may share the CPU: the ratios use each rung's best run too
"${mpirun[@]}" -np 2 "$bin/mpi_pingpong" --max-bytes 4194304 --reps 5 --min-time 0 --batch-time 0.05 --json "$out/05-mpi-pingpong.json"
for n in $sizes; do
  if [ -x "$bin/omp_matmul" ]; then
    "$bin/omp_matmul" --n "$n" --threads 2 --variants tiled,openblas "${reps[@]}" --json "$out/05-mpi-ref-omp-n$n.json"
  fi
  # As many ranks as cores: a waiting rank keeps its core (yielding would hand it to others).
  OMPI_MCA_mpi_yield_when_idle=0 "${mpirun[@]}" -np 2 "$bin/mpi_matmul" --n "$n" \
    --variants seq,rowblock,summa,overlap,pdgemm "${reps[@]}" --json "$out/05-mpi-matmul-np2-n$n.json"
done
n1=${sizes%% *}
"${mpirun[@]}" -np 1 "$bin/mpi_matmul" --n "$n1" --variants seq,rowblock,summa --reps 3 --min-time 0 \
  --json "$out/05-mpi-matmul-np1.json"
r=(--width 640 --height 360 --frames 8 --samples 4 --band 4 --reps 3 --min-time 0)
"${mpirun[@]}" -np 2 "$bin/mpi_render" "${r[@]}" --variants seq,static --json "$out/05-mpi-render-np2.json"
"${mpirun[@]}" -np 3 --bind-to none "$bin/mpi_render" "${r[@]}" --variants seq,static,dynamic \
  --json "$out/05-mpi-render-np3.json"
