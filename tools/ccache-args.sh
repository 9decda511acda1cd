#!/usr/bin/env bash
# The CMake arguments that compile a build folder through ccache, where ccache is installed
# and PARLAB_NO_CCACHE is unset; nothing otherwise. usage: tools/ccache-args.sh BUILD_DIR
# One place for the release build (the Makefile's configure) and the check builds
# (tools/check_build.sh): a fresh clone compiles what the last one compiled (relative paths:
# CCACHE_BASEDIR), and the CPU's -march=native resolution joins the hash
# (CCACHE_EXTRAFILES), so a cache in a home shared by several machines never hands one CPU's
# native code to another. The grader's workspaces configure themselves and never use it: a
# cache that a student's build can write would be a channel between submissions (their own
# release cache, grading/autograder/release_cache.py, serves only the pristine release).
set -euo pipefail
dir=${1:?usage: tools/ccache-args.sh BUILD_DIR}
src=$(cd "$(dirname "$0")/.." && pwd)
if command -v ccache >/dev/null 2>&1 && [ -z "${PARLAB_NO_CCACHE:-}" ]; then
  mkdir -p "$dir"
  cpu=$(cd "$dir" && pwd)/native-cpu.txt
  c++ -march=native -Q --help=target >"$cpu" 2>/dev/null || echo unknown >"$cpu"
  # in the launcher itself: a later `cmake --build` of this folder by hand hashes the same.
  # CCACHE_NOHASHDIR: a build with debug info (the race check's -gline-tables-only) would
  # otherwise hash its folder and miss in every fresh clone (measured: 0 of 96 hits, 70 s);
  # the cost is a debug-info compile folder from the clone that filled the cache (TSan's
  # reports still name each file and line: the paths are relative, CCACHE_BASEDIR)
  launch="env;CCACHE_BASEDIR=$src;CCACHE_NOHASHDIR=1;CCACHE_EXTRAFILES=$cpu;ccache"
  echo "-DCMAKE_CXX_COMPILER_LAUNCHER=$launch -DCMAKE_C_COMPILER_LAUNCHER=$launch"
fi
