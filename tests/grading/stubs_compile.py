#!/usr/bin/env python3
"""Every exercise stub of the whole tree compiles, warning-free, once released.

For each C++ source with solution markers, the release transformation is applied
and the result compiled with -fsyntax-only -Werror and the exact flags this build
used for the original (compile_commands.json). Cheap (no link, no second build),
and it covers every module present, so a stub that forgot (void)x; or a header is
caught in CI, not by the students. Sources this build did not compile (a module
skipped for lack of MPI or OpenMP) are listed as skipped. The compiles run side by side,
one per core: the tests around this one mostly wait (mpirun, time limits) and leave cores idle;
and through the build's own compiler launcher (ccache, where the build has it), the stubs
written at the same place each time (BUILD/grading/stubs): a stub, header or flag that
changed compiles again, and ccache keeps no failed compile, so a broken stub always fails.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from parlab.release.make import excluded, list_files
from parlab.release.markers import MarkerError, strip_text

REPO = Path(__file__).resolve().parents[2]

DROP_WITH_ARG = {"-o", "-MF", "-MT", "-MQ"}
DROP = {"-c", "-MD", "-MMD"}


def launcher(build: Path) -> list[str]:
    """The C++ compiler launcher this build compiles with (CMAKE_CXX_COMPILER_LAUNCHER: ccache,
    or tools/ccache-args.sh's env ... ccache), or none."""
    try:
        cache = (build / "CMakeCache.txt").read_text()
    except OSError:
        return []
    for line in cache.splitlines():
        if line.startswith("CMAKE_CXX_COMPILER_LAUNCHER:"):
            return [a for a in line.split("=", 1)[1].split(";") if a]
    return []


def put(path: Path, text: str) -> None:
    """Write whole or not at all: a second run of this test at the same time may be compiling it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(text)
    os.replace(tmp, path)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", default=str(REPO))
    ap.add_argument("--build", required=True)
    a = ap.parse_args()
    src = Path(a.source).resolve()
    db_path = Path(a.build) / "compile_commands.json"
    if not db_path.exists():
        print(f"no {db_path}: configure with CMAKE_EXPORT_COMPILE_COMMANDS=ON")
        return 1
    db = {str(Path(e["directory"], e["file"]).resolve()): e for e in json.loads(db_path.read_text())}
    failed, skipped, warnings = [], [], []
    jobs = []  # (rel, command, folder) of each stub to compile
    stubs, launch = Path(a.build).resolve() / "grading" / "stubs", launcher(Path(a.build))
    for rel in list_files(src):
        p = src / rel
        if excluded(rel) or p.suffix not in (".cpp", ".cc", ".cxx"):
            continue
        text = p.read_text(encoding="utf-8", errors="replace")
        if "BEGIN SOLUTION" not in text:
            continue
        try:
            r = strip_text(text, rel)
        except MarkerError as e:
            failed.append(f"{rel}: {e}")
            continue
        if not r.regions:
            continue
        if "not_implemented" not in r.text:
            warnings.append(f"{rel}: the stub never throws not_implemented (does its test fail clearly?)")
        e = db.get(str(p.resolve()))
        if e is None:
            skipped.append(rel)
            continue
        stub = stubs / rel
        put(stub, r.text)
        args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
        out, skip = [], False
        for arg in args:
            if skip:
                skip = False
                continue
            if arg in DROP_WITH_ARG:
                skip = True
                continue
            if arg in DROP or Path(arg).name == p.name and Path(e["directory"], arg).resolve() == p.resolve():
                continue
            out.append(arg)
        jobs.append((rel, launch + out + ["-fsyntax-only", "-Werror", "-iquote", str(p.parent), str(stub)], e["directory"]))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        done = pool.map(lambda j: subprocess.run(j[1], cwd=j[2], capture_output=True, text=True), jobs)
        for (rel, _, _), res in zip(jobs, done):
            if res.returncode != 0:
                failed.append(f"{rel}: the released stub does not compile cleanly:\n{res.stderr[-3000:]}")
            else:
                print(f"ok       {rel}")
    checked = len(jobs)
    for s in skipped:
        print(f"skipped  {s} (not compiled in this build)")
    for w in warnings:
        print(f"WARNING  {w}")
    for f in failed:
        print(f"FAIL     {f}")
    print(f"stubs_compile: {checked} stubs compiled, {len(failed)} failed, {len(skipped)} skipped")
    return 1 if failed or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
