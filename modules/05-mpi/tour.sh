#!/usr/bin/env bash
# The 05-mpi part of the tour (tools/modules.sh tour calls it with BIN OUT): a few seconds per driver.
set -euo pipefail
bin=$1 out=$2
source tools/tour_lib.sh  # step: goes on past a rung not implemented yet
source "$(dirname "$0")/mpi-env.sh"
mpi_ready "$bin" mpi_matmul || exit 0
mpirun=(mpirun "${MPI_OVERSUB[@]}")
step "${mpirun[@]}" -np 2 "$bin/mpi_pingpong" --max-bytes 4194304 --reps 1 --min-time 0 --batch-time 0.02
echo
step "${mpirun[@]}" -np 2 "$bin/mpi_deadlock" --variants sendrecv,nonblocking --bytes 1048576 --json "$out/05-mpi-exchange.json"
echo
echo "(next: the blocking exchange, which deadlocks; the watchdog reports it and exits with code 4)"
"${mpirun[@]}" -np 2 "$bin/mpi_deadlock" --variants blocking --bytes 1048576 --timeout 1 2>/dev/null \
  || echo "(exit $? - the deadlock was caught, as expected)"
echo
step "${mpirun[@]}" -np 2 "$bin/mpi_matmul" --n 1536 --reps 2 --min-time 0.1 --json "$out/05-mpi-matmul.json"
echo
step "${mpirun[@]}" -np 3 "$bin/mpi_render" --width 320 --height 180 --frames 4 --samples 2 --reps 1 --min-time 0 \
  --json "$out/05-mpi-render.json"
