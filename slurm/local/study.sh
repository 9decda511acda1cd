#!/usr/bin/env bash
# slurm/local/study.sh BUILD_DIR OUT_DIR - a small scaling study on THIS machine (make scaling):
# strong and weak scaling over threads (1..cores) and MPI ranks (1..4, oversubscribed where
# there are fewer cores), the STREAM triad for the roofline, then tools/scaling.py tables and
# plots under OUT_DIR/plots/. On a cluster, the job arrays in slurm/sweeps/ do the same at scale.
# Sizes: STUDY_N (matmul n, default 768), STUDY_FRAMES (render frames, default 8): positive
# integers, else exit 2 before measuring. A measurement that fails is named at the end and the
# study exits 1; its plots are still drawn from what was measured, titled INCOMPLETE.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:?usage: slurm/local/study.sh BUILD_DIR OUT_DIR}
out=${2:?usage: slurm/local/study.sh BUILD_DIR OUT_DIR}
bin=$(cd "$build/bin" 2>/dev/null && pwd) || { echo "study: no binaries in $build/bin - build first"; exit 2; }
positive() {  # positive NAME VALUE DEFAULT: VALUE (DEFAULT if empty), or exit 2 naming NAME
  local v=${2:-$3}
  [[ $v =~ ^[0-9]+$ && $((10#$v)) -ge 1 && ${#v} -le 6 ]] \
    || { echo "study: $1 must be a whole number from 1 to 999999 (got '$2')" >&2; exit 2; }
  echo $((10#$v))
}
N=$(positive STUDY_N "${STUDY_N:-}" 768) || exit 2
F=$(positive STUDY_FRAMES "${STUDY_FRAMES:-}" 8) || exit 2
mkdir -p "$out" && out=$(cd "$out" && pwd)
rm -rf "$out"/strong-* "$out"/weak-* "$out"/roofline "$out"/plots
cores=$(nproc)
maxt=$((cores < 4 ? cores : 4))
RENDER=(--width 320 --height 180 --samples 2)
T=(--reps 3 --min-time 0.3)
NOTE="local study on $(hostname), $cores cores: points with p > $cores are OVERSUBSCRIBED (workers share cores; that measures sharing, not scaling)"
python=/usr/bin/python3; [ -x $python ] || python=python3
# Root allowed, MPI_OVERSUB (Open MPI or MPICH); a release without module 05 has no MPI part.
mpi_env=$(dirname "$0")/../../modules/05-mpi/mpi-env.sh
# shellcheck source=../../modules/05-mpi/mpi-env.sh
if [ -f "$mpi_env" ]; then source "$mpi_env"; else MPI_OVERSUB=(); fi
export OMP_PLACES=cores OMP_PROC_BIND=close
have() { [ -x "$bin/$1" ] || { echo "study: $1 not built - skipped"; return 1; }; }
failed=()
run() {  # run WHAT COMMAND...: the command; a failure is remembered by WHAT (the study then exits 1)
  local what=$1; shift
  "$@" || { echo "study: FAILED (exit $?): $what" >&2; failed+=("$what"); }
}
tlist=$(seq -s, 1 "$maxt")
echo "== $NOTE"
mkdir -p "$out"/{strong-threads,weak-threads,strong-ranks,weak-ranks}

# The roofline: the triad (memory roof), matmul rungs at three sizes (intensity n/12).
mkdir -p "$out/roofline"
have stream_triad && run "roofline/triad.json" "$bin/stream_triad" --mib 128 --threads "$tlist" --json "$out/roofline/triad.json"
if have omp_matmul; then
  for n in $((N / 2)) "$N" $((N * 2)); do
    run "roofline/omp_matmul-n$n.json" "$bin/omp_matmul" --n "$n" --threads "$tlist" --variants parallel_rows,tiled,eigen "${T[@]}" \
      --json "$out/roofline/omp_matmul-n$n.json"
  done
fi

# Threads: the drivers sweep --threads themselves.
if have omp_matmul; then
  run "strong-threads/omp_matmul.json" "$bin/omp_matmul" --n "$N" --threads "$tlist" --variants parallel_rows,collapse,tiled,eigen "${T[@]}" \
    --json "$out/strong-threads/omp_matmul.json"
  for p in $(seq 1 "$maxt"); do   # weak: n grows as p^(1/3), so the flops per thread stay fixed
    n=$(awk -v n="$N" -v p="$p" 'BEGIN { printf "%d", n * p ^ (1 / 3) + 0.5 }')
    run "weak-threads/omp_matmul-p$p.json" "$bin/omp_matmul" --n "$n" --threads "$p" --variants tiled "${T[@]}" --json "$out/weak-threads/omp_matmul-p$p.json"
  done
fi
if have omp_render; then
  run "strong-threads/omp_render.json" "$bin/omp_render" "${RENDER[@]}" --frames "$F" --threads "$tlist" --variants static,dynamic,tiles "${T[@]}" \
    --json "$out/strong-threads/omp_render.json"
fi
have threads_matmul && run "strong-threads/threads_matmul.json" "$bin/threads_matmul" --n "$N" --threads "$tlist" "${T[@]}" --json "$out/strong-threads/threads_matmul.json"

# Ranks: 1..4 on this machine, oversubscribed (Open MPI: --oversubscribe).
for p in 1 2 3 4; do
  if have mpi_matmul; then
    run "strong-ranks/mpi_matmul-p$p.json" mpirun "${MPI_OVERSUB[@]}" -np "$p" "$bin/mpi_matmul" --n "$N" --variants seq,rowblock,summa,overlap "${T[@]}" \
      --json "$out/strong-ranks/mpi_matmul-p$p.json"
  fi
  if have mpi_render; then
    [ "$p" -ge 2 ] && run "strong-ranks/mpi_render-p$p.json" mpirun "${MPI_OVERSUB[@]}" -np "$p" "$bin/mpi_render" "${RENDER[@]}" --frames "$F" --variants seq,static,dynamic \
      "${T[@]}" --json "$out/strong-ranks/mpi_render-p$p.json"
    run "weak-ranks/mpi_render-p$p.json" mpirun "${MPI_OVERSUB[@]}" -np "$p" "$bin/mpi_render" "${RENDER[@]}" --frames "$((F * p))" --variants static "${T[@]}" \
      --json "$out/weak-ranks/mpi_render-p$p.json"
  fi
done

# A failed measurement leaves its points out: the plots say so, and the study fails.
[ ${#failed[@]} -eq 0 ] || NOTE="INCOMPLETE (${#failed[@]} measurement(s) failed, their points are missing) - $NOTE"
for study in roofline strong-threads weak-threads strong-ranks weak-ranks; do
  ls "$out/$study"/*.json >/dev/null 2>&1 || continue
  echo
  echo "################ $study ################"
  weak=(); [[ $study == weak-* ]] && weak=(--weak)
  # MPI drivers: speedup over their seq rung (rank 0 alone), measured in the same runs.
  [[ $study == strong-ranks ]] && weak=(--baseline seq)
  run "tools/scaling.py $study" "$python" "$ROOT/tools/scaling.py" "${weak[@]}" "$out/$study" --note "$NOTE" --cores "$cores" \
    --plots "$out/plots/$study" --json-out "$out/plots/$study/scaling.json"
done
echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "study: INCOMPLETE: ${#failed[@]} step(s) failed (their output above): ${failed[*]}" >&2
  echo "Partial results: $out (the plots lack the failed points)"
  exit 1
fi
echo "Results: $out (JSON records per study, plots in $out/plots/)"
