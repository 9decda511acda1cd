#!/usr/bin/env bash
# The checks that need a build folder of their own:
#   race      clang-14 + ThreadSanitizer + Archer (preset tsan): the tests labelled race
#   mpich     the MPI tests against MPICH (preset mpich: only what those tests run)
#   portable  the static drivers to copy to another machine (preset portable): one driver
#             built, fully static, and its --help run
# usage: tools/check_build.sh race|mpich|portable BUILD_DIR [JOBS]
# `make race` / `make mpich` run it on build/tsan and build/mpich. The release build
# runs it as the tests check:race and check:mpich (in a folder of its own), so these
# compiles fill the cores that the other tests leave idle while they wait.
# Exit 77 (a skipped test) with the reason when the compiler or MPICH is missing.
# PARLAB_NO_CCACHE=1: compile without ccache even where it is installed.
set -euo pipefail
kind=${1:-}
dir=${2:-}
jobs=${3:-$(nproc 2>/dev/null || echo 2)}
src=$(cd "$(dirname "$0")/.." && pwd)
case "$kind" in
  race)
    cxx=${RACE_CXX:-clang++-14}
    if ! command -v "$cxx" >/dev/null 2>&1; then
      echo "race: $cxx not found - race check SKIPPED (Debian: apt install clang-14 libomp-14-dev libclang-rt-14-dev)"
      exit 77
    fi
    preset=tsan target=parlab_race_tests filter=(-L race)
    extra=(-DCMAKE_CXX_COMPILER="$cxx") ;;
  mpich)
    if ! command -v mpiexec.mpich >/dev/null 2>&1; then
      echo "mpich: mpiexec.mpich not found - MPICH check SKIPPED (Debian: apt install mpich libmpich-dev)"
      exit 77
    fi
    # not the tour's or make report's tests: they launch with the mpirun on PATH (Open MPI's);
    # not 07's 4-6 rank launches nor 05's 5-6: MPICH's ranks spin while they wait, and more
    # ranks than cores take 5-30 s each on 2 cores (0.5 s under Open MPI, which runs them in
    # make test); the same code on 1-3 ranks (odd grids, a 3x1 grid) and 05's 2x2 SUMMA grid
    # (row and column communicators: the 2-D case) is what MPICH checks
    preset=mpich target=parlab_mpi_tests filter=(-L mpi -LE 'grading|tour|report' -E '^(07-heat:catch:np[4-6]|05-mpi:catch:np[56])$')
    extra=() ;;
  portable)
    # A static link needs every library's archive: the compiler names the file it would
    # link, or echoes the bare name when it has none.
    cxx=${CXX:-c++}
    absent=()
    for a in libc.a libstdc++.a libgomp.a libpng.a libz.a; do
      [[ "$("$cxx" -print-file-name="$a")" == /* ]] || absent+=("$a")
    done
    if ((${#absent[@]})); then
      echo "portable: no static ${absent[*]} for $cxx - portable build SKIPPED (Debian: apt install libc6-dev libstdc++-12-dev libpng-dev zlib1g-dev)"
      exit 77
    fi
    preset=portable target=seq_matmul filter=()
    extra=() ;;
  *)
    echo "usage: tools/check_build.sh race|mpich|portable BUILD_DIR [JOBS]" >&2
    exit 2 ;;
esac
if [[ -z "$dir" || ! "$jobs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: tools/check_build.sh race|mpich BUILD_DIR [JOBS] (JOBS a whole number > 0)" >&2
  exit 2
fi
# ccache when present: a check build compiles what the last run compiled (tools/ccache-args.sh)
read -r -a cc_args <<<"$("$src/tools/ccache-args.sh" "$dir")"
extra+=("${cc_args[@]}")
cmake -S "$src" --preset "$preset" -B "$dir" "${extra[@]}" >/dev/null
cmake --build "$dir" --target "$target" -j "$jobs"
if [ "$kind" = portable ]; then
  bin="$dir/bin/$target"
  # Fully static: no program interpreter, so it starts on any Linux of the same CPU family.
  if readelf -l "$bin" | grep -q 'INTERP'; then
    echo "portable: $bin is dynamically linked (readelf -l shows an interpreter)" >&2
    exit 1
  fi
  "$bin" --help | head -n 3
  echo "portable: $bin is static and runs"
  exit 0
fi
# A tree without such tests (a release of modules 05 and 06 has no race tests; one of 01 has
# no MPI tests): say so and pass, rather than fail on an empty target or an empty test list.
if [ "$(ctest --test-dir "$dir" -N "${filter[@]}" | sed -n 's/^Total Tests: //p')" = 0 ]; then
  echo "$kind: no module here has $kind tests ($(cd "$src/modules" && echo [0-9]*)) - nothing to check"
  exit 0
fi
# MPICH's launcher (hydra) may, under load, lose the race between an MPI_Abort's own exit
# code and the kill it sends the other ranks (or its last stderr line); its tests get a
# second try there. A test that fails twice still fails the check.
repeat=(); [ "$kind" = mpich ] && repeat=(--repeat until-pass:2)
ctest --test-dir "$dir" "${filter[@]}" --no-tests=error --output-on-failure -j "$jobs" "${repeat[@]}"
