#!/usr/bin/env bash
# slurm/grade.sh ASSIGNMENT SUBMISSIONS GRADED [SLICES] - grade a batch across the cluster:
# a job array of SLICES tasks (slurm/grade-batch.sbatch, one slice of the students each),
# then a merge job once all succeeded (slurm/grade-merge.sbatch). Prints both job ids.
#   slurm/grade.sh 01-sequential submissions/ graded/ 8
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -ge 3 ] || { sed -n '2,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
slices=${4:-4}
[[ $slices =~ ^[1-9][0-9]*$ ]] || { echo "grade.sh: SLICES must be a positive number, not '$slices'" >&2; exit 2; }
[ -d "$2" ] || { echo "grade.sh: no folder of submissions '$2'" >&2; exit 2; }
export PARLAB_ASSIGNMENT=$1
PARLAB_SUBMISSIONS=$(cd "$2" && pwd)
mkdir -p "$3"
PARLAB_GRADED=$(cd "$3" && pwd)
export PARLAB_SUBMISSIONS PARLAB_GRADED
array=$("$ROOT/slurm/submit.sh" "$ROOT/slurm/grade-batch.sbatch" --array=0-$((slices - 1)))
array=${array%%;*}
merge=$("$ROOT/slurm/submit.sh" "$ROOT/slurm/grade-merge.sbatch" --dependency=afterok:"$array")
echo "grading array job $array ($slices slices), merge job ${merge%%;*}"
