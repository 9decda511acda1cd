#!/usr/bin/env bash
# The release of every module present: made, then proven free of solution lines.
# usage: leak_check_all.sh PYTHON SOURCE OUT
set -euo pipefail
py=$1 src=$2 out=$3
"$py" "$src/tools/make_release.py" --source "$src" --out "$out"
"$py" "$src/tools/check_release.py" --source "$src" --release "$out"
