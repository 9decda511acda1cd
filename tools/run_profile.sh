#!/usr/bin/env bash
# tools/run_profile.sh MODULE tour|bench BIN OUT - one module's part of the tour or the bench,
# as its manifest (modules/NN-name/module.json) says: tools/manifest.py writes the steps,
# tools/tour_lib.sh runs each (a rung not implemented yet is skipped and logged, a failure
# is logged and the rest goes on, Ctrl-C stops). tools/modules.sh calls it from the repo root.
set -euo pipefail
module=$1 mode=$2 bin=$3 out=$4
source tools/tour_lib.sh
steps=$("$_tour_python" tools/manifest.py script "$module" "$mode")
eval "$steps"
