#!/usr/bin/env bash
# check_refs.sh ROOT: tools/check_refs.py finds a dangling reference in a small repository
# made here (so the check can fail), and none in the project itself.
set -uo pipefail
root=$1
command -v git >/dev/null || { echo "check_refs: git not installed - skipped"; exit 77; }
git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1 || { echo "check_refs: $root is not a git checkout - skipped"; exit 77; }
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
git -C "$tmp" init -q && mkdir -p "$tmp/modules/05-mpi" "$tmp/tools"
printf '// The grid (grid.cpp, provided); the tour: tools/tour.sh; see ROADMAP.md.\n' > "$tmp/modules/05-mpi/mpi05.hpp"
printf 'Run [the tour](tools/modules.sh).\n' > "$tmp/README.md"
git -C "$tmp" add -A
out=$(python3 "$root/tools/check_refs.py" "$tmp"); rc=$?
printf '%s\n' "$out"
[ $rc -eq 1 ] || { echo "check_refs: dangling references not reported"; exit 1; }
for want in "grid.cpp" "tools/tour.sh" "ROADMAP.md" "tools/modules.sh"; do
  grep -q "$want" <<<"$out" || { echo "check_refs: '$want' not reported"; exit 1; }
done
python3 "$root/tools/check_refs.py" "$root"
