#!/usr/bin/env bash
# A release of module 06 alone, made and used as a student and GitHub Classroom would:
#  1. it brings 05 (06 links it), assigns 06 only, and grades 06 on Classroom;
#  2. with 05 solved, its own `make test MODULE=05` passes and says 05 has no race tests;
#     `make race` passes and says no module here has race tests;
#  3. the Classroom build with one 06 exercise that does not compile builds that one as its
#     stub: the solved exercises' grading steps pass, the broken one's fails.
# Usage: release_05_06.sh SOURCE_TREE
set -euo pipefail
src=$(cd "$1" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/parlab-release56.XXXXXX")  # per run: two runs at once do not collide
trap 'rm -rf "$work"' EXIT
rel=$work/rel
fail() { echo "FAIL: $*"; exit 1; }

python3 "$src/tools/make_release.py" --out "$rel" --modules 06 --quiet
cd "$rel"
[ -d modules/05-mpi ] || fail "make student MODULES=06 did not bring 05-mpi"
[ "$(grep -v '^#' assigned-modules.txt)" = 06 ] || fail "assigned-modules.txt is not 06 alone"
grep -q "tools/classroom_build.py --targets test_06_hybrid" .github/workflows/classroom.yml \
  || fail "classroom.yml has no build of test_06_hybrid"

cp "$src"/modules/05-mpi/exercises/*.cpp modules/05-mpi/exercises/
export CCACHE_BASEDIR=$rel  # relative paths: ccache hits across runs
launch=()
command -v ccache >/dev/null && launch=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake --preset release -DPARLAB_BUILD_CHECKS=OFF "${launch[@]}" >"$work/configure.log"
! grep -q "skipping 0[56]" "$work/configure.log" || fail "the release skips 05 or 06: $(grep skipping "$work/configure.log")"

make --no-print-directory test MODULE=05 JOBS=2 >"$work/test.log" 2>&1 || { tail -40 "$work/test.log"; fail "make test MODULE=05 failed"; }
grep -q "05-mpi *done; race check: none (this module has no race tests)" "$work/test.log" \
  || { tail -20 "$work/test.log"; fail "make test MODULE=05 does not say 05 is done with no race tests"; }
make --no-print-directory race JOBS=2 >"$work/race.log" 2>&1 || { tail -20 "$work/race.log"; fail "make race failed"; }
grep -q "race: no module here has race tests (05-mpi 06-hybrid)" "$work/race.log" || { tail -5 "$work/race.log"; fail "make race does not say why nothing ran"; }

# Classroom: 06's exercises 1, 2 and 4 solved, exercise 3 does not compile.
for f in matmul_omp_rows render_omp_tiles render_farm_shared; do
  cp "$src/modules/06-hybrid/exercises/$f.cpp" modules/06-hybrid/exercises/
done
echo "this is not C++" >>modules/06-hybrid/exercises/thread_level.cpp
python3 tools/classroom_build.py --targets test_06_hybrid >"$work/classroom.log" 2>&1 \
  || { tail -20 "$work/classroom.log"; fail "the Classroom build step failed"; }
grep -q "modules/06-hybrid/exercises/thread_level.cpp does not compile: graded with the release's stub" "$work/classroom.log" \
  || { tail -20 "$work/classroom.log"; fail "the Classroom build does not say the broken file is graded as its stub"; }
# Each grading step's command, as the workflow runs it (single-quoted YAML: '' is ').
python3 - .github/workflows/classroom.yml <<'PY' >"$work/steps.tsv"
import re, sys
text = open(sys.argv[1]).read()
for name, cmd in re.findall(r"^        test-name: '((?:[^']|'')*)'\n        setup-command: ''\n        command: '((?:[^']|'')*)'$", text, re.M):
    print(name.replace("''", "'") + "\t" + cmd.replace("''", "'"))
PY
[ -s "$work/steps.tsv" ] || fail "no grading step found in classroom.yml"
passed=0 failed=0
while IFS=$'\t' read -r name cmd; do
  # </dev/null: mpirun reads stdin, which here is the list of steps
  if bash -c "$cmd" </dev/null >"$work/step.log" 2>&1; then passed=$((passed + 1)); verdict=passed
  else failed=$((failed + 1)); verdict=failed; fi
  echo "step '$name': $verdict"
  case "$name" in
    *[Tt]hread\ level*) [ $verdict = failed ] || fail "the thread-level step passed with the stub" ;;
    *) [ $verdict = passed ] || { tail -20 "$work/step.log"; fail "step '$name' failed although its exercise is solved"; } ;;
  esac
done <"$work/steps.tsv"
[ $failed -ge 1 ] && [ $passed -ge 1 ] || fail "expected partial credit, got $passed passed, $failed failed"
echo "release of 06: brings 05, make test MODULE=05 and make race pass, Classroom gives partial credit ($passed passed, $failed failed)"
