#!/usr/bin/env bash
# The 06-hybrid part of the tour: ranks x threads layouts on the machine's 2 cores.
set -euo pipefail
bin=$1 out=$2
source tools/tour_lib.sh  # step: goes on past a rung not implemented yet
source "$(dirname "$0")/../05-mpi/mpi-env.sh"
mpi_ready "$bin" hybrid_matmul || exit 0
# --bind-to none: Open MPI binds each of 2 ranks to one core by default, and the 2 threads
# of a rank would then share that core (see README: binding).
mpirun=(mpirun "${MPI_OVERSUB[@]}" --bind-to none)
# Two layouts of the same 2 cores: 1 rank x 2 threads, and 2 ranks x 1 thread (the mpi rung).
# (2 ranks x 2 threads would put 4 workers on 2 cores: the README measures that one.)
step "${mpirun[@]}" -np 1 -x OMP_NUM_THREADS=2 "$bin/hybrid_matmul" --n 1536 --threads 2 --variants seq,hybrid \
  --reps 2 --min-time 0.1 --json "$out/06-hybrid-matmul-1x2.json"
echo
step "${mpirun[@]}" -np 2 -x OMP_NUM_THREADS=1 "$bin/hybrid_matmul" --n 1536 --threads 1 --variants seq,mpi \
  --reps 2 --min-time 0.1 --json "$out/06-hybrid-matmul-2x1.json"
echo
step "${mpirun[@]}" -np 2 -x OMP_NUM_THREADS=2 "$bin/hybrid_render" --width 320 --height 180 --frames 4 --samples 2 \
  --threads 2 --reps 1 --min-time 0 --json "$out/06-hybrid-render.json"
