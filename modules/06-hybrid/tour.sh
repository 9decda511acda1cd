#!/usr/bin/env bash
# The 06-hybrid part of the tour: 2 ranks x 2 threads, a few seconds each.
set -euo pipefail
bin=$1 out=$2
source "$(dirname "$0")/../05-mpi/mpi-env.sh"
mpi_ready "$bin" hybrid_matmul || exit 0
# --bind-to none: Open MPI binds each of 2 ranks to one core by default, and the 2 threads
# of a rank would then share that core (see README: binding).
export OMP_NUM_THREADS=2  # the ranks run here and inherit it (Open MPI and MPICH alike)
mpirun=(mpirun "${MPI_OVERSUB[@]}" --bind-to none)
"${mpirun[@]}" -np 2 "$bin/hybrid_matmul" --n 384 --threads 2 --reps 2 --min-time 0.1 --json "$out/06-hybrid-matmul.json"
echo
"${mpirun[@]}" -np 2 "$bin/hybrid_render" --width 320 --height 180 --frames 4 --samples 2 --threads 2 --reps 1 \
  --min-time 0 --json "$out/06-hybrid-render.json"
