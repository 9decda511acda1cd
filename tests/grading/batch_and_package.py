#!/usr/bin/env python3
"""Two instructor paths, end to end, against the prepared module-01 workspace.

  batch    grade a folder of submissions (reference, untouched, one broken) with
           --batch: grades.csv and one results.json per submission.
  package  build the Gradescope zip, check its layout (setup.sh and run_autograder
           at the root, executable; no solution in its release), then run its
           run_autograder the way Gradescope does (submission folder in, results.json
           out) on the reference files: full correctness marks, and its timed items
           full (or pending when the machine is too busy to measure them).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GRADE = REPO / "grading" / "grade.py"
HERE = Path(__file__).resolve().parent
FILES = ["modules/01-sequential/exercises/matmul_interchange.cpp", "modules/01-sequential/exercises/matmul_blocked.cpp"]


def fail(msg: str) -> None:
    print("FAIL: " + msg)
    sys.exit(1)


def batch(ws: Path, tmp: Path) -> None:
    """Four students in 2 parallel slots, each graded on their own code: the
    reference, the untouched release (a tree), a compile error in one exercise
    (the other is still graded) and a segfault in one exercise."""
    subs = tmp / "subs"
    for name in ("alice", "bob", "carol", "dave"):
        (subs / name).mkdir(parents=True)
    for f in FILES:  # alice: the reference solutions, flat
        shutil.copy(REPO / f, subs / "alice" / Path(f).name)
    shutil.copytree(ws / "release", subs / "bob" / "repo")  # bob: untouched release, as a tree
    shutil.copy(REPO / FILES[0], subs / "carol")
    (subs / "carol" / "matmul_blocked.cpp").write_text("this is not C++\n")  # carol: one broken file
    shutil.copy(REPO / FILES[1], subs / "dave")
    shutil.copy(HERE / "hostile" / "segfault" / "matmul_interchange.cpp", subs / "dave")
    out = tmp / "graded"
    p = subprocess.run([sys.executable, str(GRADE), "--assignment", "01-sequential", "--release", str(ws / "release"),
                        "--workspace", str(ws), "--batch", str(subs), "--out", str(out), "--test-timeout", "8",
                        "--jobs", "1", "--parallel", "2"], capture_output=True, text=True, timeout=380)
    print(p.stdout[-3000:], p.stderr[-2000:])
    if p.returncode != 0:
        fail(f"--batch exited {p.returncode}")
    rows = {r["submission"]: r for r in csv.DictReader(open(out / "grades.csv"))}
    if any("review" not in r for r in rows.values()):
        fail("grades.csv has no 'review' column (what the integrity gate flags for the instructor)")
    scores = lambda n: [t["score"] for t in json.loads((out / n / "results.json").read_text())["tests"]]
    want = {"alice": [4, 4], "bob": [0, 0], "carol": [4, 0], "dave": [0, 4]}
    for n, w in want.items():
        if scores(n)[:2] != w:
            fail(f"{n}: correctness {scores(n)[:2]}, expected {w}: {rows[n]}")
    if rows["alice"].get("Analysis: REPORT.md (predict, measure, explain)") != "by hand":
        fail(f"grades.csv does not mark the analysis as graded by hand: {rows['alice']}")
    perf = [it["name"] for it in json.loads((REPO / "grading" / "rubrics" / "01-sequential.json").read_text())["items"]
            if it["type"] == "performance"]
    if any(rows["alice"][n] != "pending" and float(rows["alice"][n]) <= 0 for n in perf):
        fail(f"alice (reference) should get performance points (or have them pending re-measurement): {rows['alice']}")
    pending = json.loads((out / "batch.json").read_text())["pending"]
    if sorted(pending.get("alice", [])) != sorted(n for n in perf if rows["alice"][n] == "pending"):
        fail(f"batch.json's pending list disagrees with grades.csv: {pending} / {rows['alice']}")
    if "does not compile: graded with the release's stub" not in json.loads((out / "carol" / "results.json").read_text())["output"]:
        fail("carol's summary does not say which file was replaced by its stub")
    for n in rows:
        for f in ("results.json", "junit.xml", "summary.txt"):
            if not (out / n / f).is_file():
                fail(f"missing {n}/{f}")
    info = json.loads((out / "batch.json").read_text())
    if info["slots"] != 2 or info["submissions"] != 4 or "submissions/hour" not in p.stdout:
        fail(f"the batch does not report its slots and duration: {info}")
    print("PASS batch")


def package(ws: Path, tmp: Path) -> None:
    z = tmp / "gradescope.zip"
    subprocess.run([sys.executable, str(GRADE), "--assignment", "01-sequential", "--package", str(z)], check=True)
    root = tmp / "autograder"
    src = root / "source"
    with zipfile.ZipFile(z) as zf:
        names = zf.namelist()
        for must in ("setup.sh", "run_autograder", "grade.py", "rubric.json", "release/CMakeLists.txt", "MANUAL_GRADING.md",
                     "autograder/cli.py", "parlab/records.py", "parlab/launcher.py"):
            if must not in names:
                fail(f"{must} is not at the root of the zip")
        for info in zf.infolist():
            if info.filename in ("setup.sh", "run_autograder") and not (info.external_attr >> 16) & stat.S_IXUSR:
                fail(f"{info.filename} is not executable in the zip")
        zf.extractall(src)
        for info in zf.infolist():  # extractall drops permissions
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                os.chmod(src / info.filename, mode)
    chk = subprocess.run([sys.executable, str(REPO / "tools" / "check_release.py"), "--source", str(REPO),
                          "--release", str(src / "release")], capture_output=True, text=True)
    print(chk.stdout[-1500:])
    if chk.returncode != 0:
        fail("the release inside the Gradescope zip leaks solution lines")
    sub = root / "submission"
    sub.mkdir()
    for f in FILES:
        shutil.copy(REPO / f, sub / Path(f).name)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "PARLAB_WORKSPACE": str(ws)}
    # setup.sh would apt-get install and build; the CI workspace is already built from
    # the same release content, so only run_autograder runs here.
    p = subprocess.run([str(src / "run_autograder")], env=env, capture_output=True, text=True, timeout=280)
    print(p.stdout[-3000:], p.stderr[-2000:])
    res = json.loads((root / "results" / "results.json").read_text())
    if sum(t["score"] for t in res["tests"][:2]) != 8:
        fail(f"run_autograder on the reference did not give full correctness marks: {res['score']}")
    # The reference's timed items (graded here, not in grading:case:reference): full points, or
    # pending when the machine was too busy to measure - never a zero.
    timed = [t for t in res["tests"] if "performance" in t.get("tags", [])]
    short = [t["name"] for t in timed if "pending" not in t["tags"] and t["score"] != t["max_score"]]
    if len(timed) != 2 or short:
        fail(f"run_autograder gave the reference's timed items less than full points: {short or timed}")
    print("timed items:", ", ".join(f"{t['score']:g}/{t['max_score']:g}" + (" pending" if "pending" in t["tags"] else "")
                                    for t in timed))
    if res.get("output_format") != "md":
        fail("results.json does not say its output is markdown")
    if not (tmp / "gradescope.MANUAL_GRADING.md").is_file():
        fail("--package wrote no MANUAL_GRADING.md beside the zip")
    manual = [t for t in res["tests"] if t["tags"] == ["manual"]]
    if len(manual) != 1 or manual[0]["max_score"] != 0 or manual[0]["status"] != "passed" \
            or "graded by hand" not in manual[0]["name"] or "was not handed in" not in manual[0]["output"]:
        fail(f"the analysis is not an informational item saying that report/ is missing: {manual}")
    if not res.get("leaderboard"):
        fail("no leaderboard in results.json")
    print("PASS package")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["batch", "package"])
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--source", default=str(REPO))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="parlab-grading-") as tmp:
        (batch if a.what == "batch" else package)(Path(a.workspace).resolve(), Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
