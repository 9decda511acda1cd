"""The student's loop: run the tests of some modules, then their race check, and say
per module whether it is done, not yet started, or failing.

    tools/module_tests.py --build build/release --modules 03        # make test MODULE=03
    tools/module_tests.py --build build/release                     # the release's make test

A module is
  done     every test labelled with it passes;
  not yet  the only failures are exercises that still throw parlab::not_implemented;
  failing  a test fails for another reason (a wrong answer, a crash, a timeout).
The race check (the tsan build, `ctest -L race`) runs for the modules that are done.

Which modules count: --modules, else the file assigned-modules.txt at the root (the
student release has one: the modules the instructor asked for), else every module
with tests. The others still get a line, but do not change the exit code: 0 when
every asked-for module is done and race-clean, 1 otherwise, 2 for bad usage."""
import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from . import REPO

ROOT = str(REPO)
NOT_IMPLEMENTED = re.compile(r"not implemented")
TEST_FILE = re.compile(r"(tests/[\w.-]+/[\w.-]+\.cpp):\d+")
RACE_CXX = os.environ.get("RACE_CXX", "clang++-14")


def module_labels():
    """'03' -> '03-threads', from the folders under tests/ (the labels the tests carry)."""
    out = {}
    for name in sorted(os.listdir(os.path.join(ROOT, "tests"))):
        m = re.match(r"^(\d\d)-", name)
        if m and m.group(1) != "00" and os.path.isfile(os.path.join(ROOT, "tests", name, "CMakeLists.txt")):
            out[m.group(1)] = name
    return out


def parse_list(spec, known):
    mods = []
    for tok in re.split(r"[,\s]+", spec.strip()):
        if not tok:
            continue
        m = re.match(r"^(\d{1,2})(-.*)?$", tok)
        if not m or f"{int(m.group(1)):02d}" not in known:
            print(f"module_tests: no module '{tok}' here (have {', '.join(known) or 'none'})", file=sys.stderr)
            sys.exit(2)
        mods.append(f"{int(m.group(1)):02d}")
    return mods


def asked_for(arg, known):
    if arg:
        return parse_list(arg, known)
    path = os.path.join(ROOT, "assigned-modules.txt")
    if os.path.isfile(path):
        with open(path) as f:
            text = " ".join(line.split("#")[0] for line in f)
        return parse_list(text, known)
    return list(known)


def ctest(build, label, extra=()):
    """Runs the tests carrying `label`; returns [(name, passed, output)] (empty: none)."""
    with tempfile.TemporaryDirectory(prefix="parlab-tests-") as tmp:
        junit = os.path.join(tmp, "junit.xml")
        cmd = ["ctest", "--test-dir", build, "-L", label, *extra, "-j", str(os.cpu_count() or 2),
               "--output-on-failure", "--output-junit", junit]
        subprocess.run(cmd, stdout=sys.stdout, stderr=sys.stderr)
        if not os.path.isfile(junit):
            return []
        cases = []
        for tc in ET.parse(junit).getroot().iter("testcase"):
            out = "".join(e.text or "" for e in tc.iter("system-out"))
            cases.append((tc.get("name", "?"), tc.get("status") == "run", out))
        return cases


def verdict(cases):
    if not cases:
        return "no tests", []
    bad = [(n, o) for n, ok, o in cases if not ok]
    if not bad:
        return "done", []
    # A stub can fail a test without naming itself (a background thread's exception is
    # never reached): a failure in the same test file as a not-implemented one counts
    # as "not yet" too - one test file checks one exercise.
    stub_files = {f for _, o in bad if NOT_IMPLEMENTED.search(o) for f in TEST_FILE.findall(o)}
    broken = [n for n, o in bad if not NOT_IMPLEMENTED.search(o) and not set(TEST_FILE.findall(o)) & stub_files]
    if broken:
        return "failing", broken
    return "not yet", [n for n, _ in bad]


def has_race_tests(label):
    """Does this module add race tests? cmake/ParlabRacecheck.cmake's rule (parlab_race_relevant):
    its tests/<module>/CMakeLists.txt mentions PARLAB_RACECHECK."""
    path = os.path.join(ROOT, "tests", label, "CMakeLists.txt")
    with open(path, encoding="utf-8") as f:
        return "PARLAB_RACECHECK" in f.read()


def race_build(build_jobs):
    """Configures and builds build/tsan; None if it is ready, else why not."""
    if not shutil.which(RACE_CXX):
        return f"{RACE_CXX} not found - race check SKIPPED (Debian: apt install clang-14 libomp-14-dev libclang-rt-14-dev)"
    for cmd in (["cmake", "--preset", "tsan", f"-DCMAKE_CXX_COMPILER={RACE_CXX}"],
                ["cmake", "--build", "--preset", "tsan", "-j", str(build_jobs)]):
        if subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL if cmd[1] == "--preset" else None).returncode:
            return "the race build failed (see above)"
    return None


def asan_hint(failing):
    """How to rerun the failing modules' tests (and only theirs) under AddressSanitizer."""
    return ("A test that crashes or hangs: rebuild with AddressSanitizer and run it there:\n"
            "  cmake --preset asan && cmake --build --preset asan && ctest --preset asan -L "
            + shlex.quote("^(" + "|".join(failing) + ")$"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/release", help="the build folder (default build/release)")
    ap.add_argument("--modules", help="comma-separated module numbers, e.g. 03 or 01,02")
    ap.add_argument("--no-race", action="store_true", help="skip the race check")
    a = ap.parse_args()
    build = os.path.join(ROOT, a.build) if not os.path.isabs(a.build) else a.build
    if not os.path.isfile(os.path.join(build, "CTestTestfile.cmake")):
        print(f"module_tests: no tests in {a.build} - build first (make)", file=sys.stderr)
        return 2
    labels = module_labels()
    asked = asked_for(a.modules, labels)
    shown = asked if a.modules else list(labels)
    results = {}
    for mod in shown:
        print(f"\n################ tests {labels[mod]} ################", flush=True)
        # Anchored: -L is a regular expression, and "03" alone would match any label holding it.
        results[mod] = verdict(ctest(build, f"^{labels[mod]}$"))
    race = {}
    done = [m for m in shown if results[m][0] == "done"]
    if not a.no_race:
        race.update({m: "none (this module has no race tests)" for m in done if not has_race_tests(labels[m])})
        done = [m for m in done if m not in race]
    if done and not a.no_race:
        why = race_build(os.cpu_count() or 2)
        for mod in done:
            if why:
                race[mod] = "skipped: " + why
                continue
            print(f"\n################ race check {labels[mod]} ################", flush=True)
            cases = ctest(os.path.join(ROOT, "build", "tsan"), "^race$", ["-L", f"^{labels[mod]}$"])
            state, names = verdict(cases)
            race[mod] = {"done": "clean", "no tests": "no race tests"}.get(state, "RACES or failures: " + ", ".join(names))

    print("\n################ your modules ################")
    ok = True
    for mod in shown:
        state, names = results[mod]
        line = f"  {labels[mod]:16} {state}"
        if state == "not yet":
            line += f" ({len(names)} test(s) still meet a not-implemented exercise)"
        elif state == "failing":
            line += ": " + ", ".join(names[:4]) + (" ..." if len(names) > 4 else "")
        if mod in race:
            line += f"; race check: {race[mod]}"
        if mod not in asked:
            line += "  (not asked for)"
        print(line)
        if mod in asked and (state != "done" or str(race.get(mod, "")).startswith("RACES")):
            ok = False
    failing = [labels[m] for m in shown if results[m][0] == "failing"]
    if failing:
        print(asan_hint(failing))
    print("All asked-for modules are done." if ok else "Not every asked-for module is done yet.")
    return 0 if ok else 1
