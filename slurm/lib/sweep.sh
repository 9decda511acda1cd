# slurm/lib/sweep.sh - one task of a scaling sweep (a job array): the array index IS the
# shellcheck shell=bash
# worker count p (--array=1,2,4,8), so each task runs one point and writes one JSON file.
# The sweep scripts set SCALING (strong|weak) and WORKERS (threads|ranks), then source this.
#   strong: the same problem on p workers      -> speedup T1/Tp, efficiency T1/(p Tp)
#   weak:   p times the work on p workers      -> efficiency rate_p/(p rate_1)
#           matmul: n = n0 * p^(1/3) (work 2n^3 grows with p); render: frames = f0 * p;
#           heat: ny = n0 * p (nx = n0)
# Environment: PARLAB_DRIVER (which driver), PARLAB_VARIANTS (which rungs, default: all),
# PARLAB_N / PARLAB_FRAMES / PARLAB_HEAT_N (n0, f0), PARLAB_HEAT_STEPS, and the sizes of slurm/lib/job.sh.
source "${PARLAB_ROOT:-$SLURM_SUBMIT_DIR}/slurm/lib/job.sh"

P=${SLURM_ARRAY_TASK_ID:-1}
DRIVER=${PARLAB_DRIVER:?set PARLAB_DRIVER}
need "$DRIVER"
case $WORKERS in
  threads) [ "$P" -le "$THREADS" ] || { echo "parlab: array index $P > the $THREADS cores of --cpus-per-task=$CPUS: ask for more CPUs" >&2; exit 2; } ;;
  ranks) [ "$P" -le "${SLURM_NTASKS:-1}" ] || { echo "parlab: array index $P > --ntasks=${SLURM_NTASKS:-1}: ask for more tasks" >&2; exit 2; } ;;
esac

ARGS=()
[ -n "${PARLAB_VARIANTS:-}" ] && ARGS+=(--variants "$PARLAB_VARIANTS")
case $DRIVER in
  *matmul)
    n=$N
    [ "$SCALING" = weak ] && n=$(awk -v n="$N" -v p="$P" 'BEGIN { printf "%d", n * p ^ (1 / 3) + 0.5 }')
    ARGS+=(--n "$n") ;;
  *render)
    frames=${PARLAB_FRAMES:-24}
    [ "$SCALING" = weak ] && frames=$((frames * P))
    # RENDER with its --frames replaced (a driver refuses an option given twice)
    for ((i = 0; i < ${#RENDER[@]}; i += 2)); do
      if [ "${RENDER[i]}" = --frames ]; then ARGS+=(--frames "$frames"); else ARGS+=("${RENDER[i]}" "${RENDER[i + 1]}"); fi
    done ;;
  *heat*)
    # The heat stencil: an n x n grid (PARLAB_HEAT_N); weak: p times the rows, so a rank's
    # band (or a thread's rows) stays the same size.
    nx=${PARLAB_HEAT_N:-2048} ny=${PARLAB_HEAT_N:-2048}
    [ "$SCALING" = weak ] && ny=$((ny * P))
    ARGS+=(--nx "$nx" --ny "$ny" --steps "${PARLAB_HEAT_STEPS:-50}") ;;
  *) echo "parlab: PARLAB_DRIVER must be a *_matmul, *_render or *heat* driver (got '$DRIVER')" >&2; exit 2 ;;
esac
JSON=$OUT/$SCALING-$WORKERS-$DRIVER-p$P.json
echo "   sweep: $SCALING scaling over $WORKERS, p=$P, $DRIVER ${ARGS[*]}"
if [ "$WORKERS" = threads ]; then
  # Threads: one task; the driver runs p threads (OMP_NUM_THREADS too, for OpenMP drivers).
  export OMP_NUM_THREADS=$P
  "$BIN/$DRIVER" "${ARGS[@]}" --threads "$P" "${TIMING[@]}" --json "$JSON"
else
  run_mpi "$P" "$BIN/$DRIVER" "${ARGS[@]}" "${TIMING[@]}" --json "$JSON"
fi
