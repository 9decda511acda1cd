#!/usr/bin/env bash
# Gradescope autograder setup for parlab assignment @ASSIGNMENT@ (made by grading/grade.py --package).
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu
# 22.04 base); the zip is unpacked in /autograder/source. It installs the build
# tools and builds the student release once, so each submission only recompiles
# the files it changes.
set -euo pipefail
SRC="${AUTOGRADER_ROOT:-/autograder}/source"
WORK="${PARLAB_WORKSPACE:-${AUTOGRADER_ROOT:-/autograder}/work}"
export DEBIAN_FRONTEND=noninteractive
# util-linux: unshare, setpriv, prlimit (the sandbox); iproute2: the sandbox's own loopback for mpirun
PKGS="g++ cmake make python3 util-linux iproute2 libeigen3-dev catch2 libopenmpi-dev openmpi-bin libopenblas-dev libpng-dev"
# The race check: clang-14 with its ThreadSanitizer runtime and libomp (Archer).
# The runtime's package differs by release: libclang-rt-14-dev (Debian 12,
# Ubuntu 23.04+) or libclang-common-14-dev (Ubuntu 22.04, where it holds it).
RACE_PKGS="clang-14 libomp-14-dev libclang-rt-14-dev|libclang-common-14-dev"

# the first alternative of A|B|C that this release's apt knows
pick() {
  local alt
  for alt in ${1//|/ }; do
    if apt-cache show "$alt" >/dev/null 2>&1; then echo "$alt"; return 0; fi
  done
  echo "setup.sh: none of '$1' exists in this release's apt" >&2
  return 1
}

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -q
  want=""
  for p in $PKGS; do want="$want $(pick "$p")"; done
  race_ok=1
  if [ "@RACE@" = 1 ]; then
    for p in $RACE_PKGS; do
      if q=$(pick "$p"); then want="$want $q"; else race_ok=0; fi
    done
    [ $race_ok = 1 ] || echo "setup.sh: the race check will not be graded (its packages are missing)" >&2
  fi
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $want
fi
# -j1: the autograder machine has little memory (about 768 MB)
python3 "$SRC/grade.py" --assignment "$SRC/rubric.json" --release "$SRC/release" --workspace "$WORK" --prepare --jobs 1 @EXTRA@
