#!/usr/bin/env bash
# Gradescope autograder setup for parlab assignment @ASSIGNMENT@ (made by grading/grade.py --package).
# Gradescope runs this once, as root, when it builds the autograder image; the zip
# is unpacked in /autograder/source. It installs the build tools and builds the
# student release once, so each submission only recompiles the files it changes.
set -euo pipefail
SRC="${AUTOGRADER_ROOT:-/autograder}/source"
WORK="${PARLAB_WORKSPACE:-${AUTOGRADER_ROOT:-/autograder}/work}"
export DEBIAN_FRONTEND=noninteractive
PKGS="g++ cmake make python3 util-linux libeigen3-dev catch2 libopenmpi-dev openmpi-bin libopenblas-dev libpng-dev"
if [ "@RACE@" = 1 ]; then PKGS="$PKGS clang-14 libomp-14-dev libclang-rt-14-dev"; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -q
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $PKGS
fi
# -j1: the autograder machine has little memory (about 768 MB)
python3 "$SRC/grade.py" --assignment "$SRC/rubric.json" --release "$SRC/release" --workspace "$WORK" --prepare --jobs 1 @EXTRA@
