#!/usr/bin/env python3
"""Every Catch2 test case of an executable is its own CTest entry.

catch_discover_tests turns each TEST_CASE into one CTest test. A name CMake misreads
(an unmatched "[" opens a quoted list element) silently merges the following cases into
one entry whose filter matches nothing; this check fails when that happens.

  check_discovery.py --ctest-dir BUILD --catch-major 2|3 --exe PATH --prefix LABEL:
"""
import argparse
import json
import os
import subprocess
import sys


def catch_names(exe, major):
    # v2 prints bare names with --list-test-names-only; v3 with --list-tests --verbosity quiet.
    args = ["--list-test-names-only"] if major == 2 else ["--list-tests", "--verbosity", "quiet"]
    out = subprocess.run([exe, *args], capture_output=True, text=True, timeout=60)
    names = [line.rstrip("\r") for line in out.stdout.splitlines() if line.strip()]
    if not names:
        sys.exit(f"check_discovery: {exe} {' '.join(args)} listed no test cases (exit {out.returncode}): "
                 f"{out.stderr.strip()}")
    return names


def ctest_entries(ctest_dir, exe):
    out = subprocess.run(["ctest", "--test-dir", ctest_dir, "--show-only=json-v1"],
                         capture_output=True, text=True, timeout=120, check=True)
    real = os.path.realpath(exe)
    return [t["name"] for t in json.loads(out.stdout)["tests"]
            if t.get("command") and os.path.realpath(t["command"][0]) == real]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ctest-dir", required=True)
    ap.add_argument("--catch-major", type=int, choices=(2, 3), required=True)
    ap.add_argument("--exe", required=True)
    ap.add_argument("--prefix", required=True)
    a = ap.parse_args()

    names = catch_names(a.exe, a.catch_major)
    entries = ctest_entries(a.ctest_dir, a.exe)
    discovered = {e[len(a.prefix):] for e in entries if e.startswith(a.prefix)}
    missing = [n for n in names if n not in discovered]
    merged = [e for e in entries if ";" in e]
    print(f"{os.path.basename(a.exe)}: {len(names)} Catch2 test cases, "
          f"{len(names) - len(missing)} of them CTest entries")
    for n in missing:
        print(f"  no CTest entry of its own: {n!r}")
    for e in merged:
        print(f"  one CTest entry holds several test cases: {e!r}")
    if missing or merged:
        print("check_discovery: FAILED - rename the test case (avoid '[' and ']' in names)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
