#!/usr/bin/env python3
"""A grade is always of the submission's own code, whoever else grades meanwhile.

  stale       reference, then the stubs with old mtimes, then the reference with
              old mtimes: full / zero / full (no binary of an earlier submission
              survives into a later grade); then the reference beside an object an
              older release left in the build: full (the gate reads current objects);
              then the objects kept from grade to grade (kept_objects.py): the same
              reference again compiles nothing, an object changed since it was noted
              (same size and mtime) or one that another object depends on is compiled
              again (the rules on made-up build folders: kept_objects_rules.py)
  concurrent  two graders at once: in one workspace (the second waits), in two
              workspaces with different TMPDIR, with different sandbox uids (the
              workspace changes hands), and a uid that would make two roles
              coincide is refused clearly
  old_release a release made before PARLAB_TEST_DISCOVERY is refused before any build
  load        with a CPU hog running, the reference gets its performance points in
              every one of LOAD_GRADINGS gradings (ratios of rungs measured back to back),
              on 01's rubric cut to its cheaper performance item (LOAD_ITEM)

Correctness items only (--skip-performance) except in `load`. Exit 0 pass, 1 fail.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GRADE = REPO / "grading" / "grade.py"
FILES = ["modules/01-sequential/exercises/matmul_interchange.cpp", "modules/01-sequential/exercises/matmul_blocked.cpp"]
OLD = 978307200  # 2001-01-01: a file a student kept from long ago
# Gradings beside the hog. 3, not 5: the reference's ratios sit far above the top bands
# (2026-12-05, 5 gradings on 2 cores: 12.3-16.7 against 3, 2.87-3.20 against 1.2, spreads
# <= 3.2 and 0.33).
LOAD_GRADINGS = 3


def fail(msg: str) -> None:
    print("FAIL: " + msg)
    sys.exit(1)


def submission(root: Path, name: str, base: str, release: Path, old: bool = False, overlay: Path | None = None) -> Path:
    d = root / name
    d.mkdir(parents=True)
    for f in FILES:
        src = (REPO / f) if base == "reference" else (release / f)
        shutil.copy(src, d / Path(f).name)
    if overlay:
        for p in overlay.iterdir():
            shutil.copy(p, d / p.name)
    if old:
        for p in d.iterdir():
            os.utime(p, (OLD, OLD))
    return d


def grade(ws: Path, sub: Path, out: Path, env: dict | None = None, perf: bool = False, start=False, release=None,
          rubric: Path | None = None):
    cmd = [sys.executable, str(GRADE), "--assignment", str(rubric or "01-sequential"), "--release", str(release or ws / "release"),
           "--workspace", str(ws), "--submission", str(sub), "--results", str(out), "--test-timeout", "10",
           "--jobs", "2", "--quiet"] + ([] if perf else ["--skip-performance"]) + (["--only-performance"] if perf else [])
    kw = dict(stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    if start:
        return subprocess.Popen(cmd, **kw)
    p = subprocess.run(cmd, timeout=400, **kw)
    return finish(p, out)


def finish(p, out: Path) -> dict:
    if p.returncode != 0:
        print(p.stdout[-2000:], p.stderr[-3000:])
        fail(f"the grader exited {p.returncode}")
    return json.loads(out.read_text())


def correctness(res: dict) -> list[float]:
    return [t["score"] for t in res["tests"] if "tags" in t and t["tags"] == ["catch2"]]


def expect(label: str, res: dict, want: list[float]) -> None:
    got = correctness(res)
    print(f"{label}: correctness {got}")
    if got != want:
        fail(f"{label}: expected {want}, got {got}\n" + "\n".join(t["output"][:300] for t in res["tests"]))


def stale(ws: Path, tmp: Path) -> None:
    rel = ws / "release"
    expect("reference", grade(ws, submission(tmp, "a", "reference", rel), tmp / "a.json"), [4, 4])
    expect("stubs, old mtimes", grade(ws, submission(tmp, "b", "release", rel, old=True), tmp / "b.json"), [0, 0])
    expect("reference, old mtimes", grade(ws, submission(tmp, "c", "reference", rel, old=True), tmp / "c.json"), [4, 4])
    # An older release's object (a file since renamed or merged) left in the build by an
    # incremental update defines the exercise's functions: not given code, so no refusal.
    obj = next((ws / "build").rglob("matmul_interchange.cpp.o"))
    left = obj.with_name("matmul_loops_of_an_older_release.cpp.o")
    shutil.copy2(obj, left)
    try:
        expect("reference beside an older release's object",
               grade(ws, submission(tmp, "d", "reference", rel), tmp / "d.json"), [4, 4])
    finally:
        left.unlink()
    kept(ws, tmp)


def kept(ws: Path, tmp: Path) -> None:
    rel = ws / "release"
    log = ws / "submission-build.log"

    def compiled() -> set[str]:
        return set(re.findall(r"Building CXX object \S*/exercises/(\w+)\.cpp\.o", log.read_text()))

    expect("reference again", grade(ws, submission(tmp, "k1", "reference", rel), tmp / "k1.json"), [4, 4])
    if compiled():
        fail(f"the reference graded again compiled {sorted(compiled())}: its kept objects were not used")
    obj = next((ws / "build").rglob("matmul_interchange.cpp.o"))
    print("kept: the reference graded again compiled nothing")
    # Changed after it was noted, with its size and mtime put back: compiled again.
    st, data = obj.stat(), obj.read_bytes()
    at = data.find(b"GCC: (")
    if at < 0:
        fail(f"{obj} holds no compiler comment to change")
    obj.write_bytes(data[:at] + b"GCX: (" + data[at + 6:])
    os.utime(obj, ns=(st.st_atime_ns, st.st_mtime_ns))
    expect("reference, its object changed", grade(ws, submission(tmp, "k2", "reference", rel), tmp / "k2.json"), [4, 4])
    if compiled() != {"matmul_interchange"}:
        fail(f"after its object changed the grade compiled {sorted(compiled())}, not matmul_interchange alone")
    print("kept: an object changed since it was noted (same size, same mtime) was compiled again")
    # Another object names it in its depfile (an exercise that includes it): compiled again.
    dep = next((ws / "build").rglob("matmul_blocked.cpp.o.d"))
    own = [t for t in next((ws / "build").rglob("matmul_interchange.cpp.o.d")).read_text().split() if t != "\\"][1]
    before = dep.read_text()
    try:
        dep.write_text(before.rstrip() + f" \\\n {own}\n")
        expect("reference, another object depends on it",
               grade(ws, submission(tmp, "k3", "reference", rel), tmp / "k3.json"), [4, 4])
    finally:
        if dep.exists() and own in dep.read_text():
            dep.write_text(before)
    if "matmul_interchange" not in compiled():
        fail(f"a file another object depends on kept its object: the grade compiled {sorted(compiled())}")
    print("kept: a file that another object depends on was compiled again")


def old_release(ws: Path, tmp: Path) -> None:
    """A release made before PARLAB_TEST_DISCOVERY (its CMake discovers Catch2 tests with no
    way to turn that off) is refused before anything is built, clearly: its builds would run
    each submission's test program."""
    rel = tmp / "old-release"
    shutil.copytree(ws / "release", rel, symlinks=True)
    helpers = rel / "cmake" / "ParlabHelpers.cmake"
    text = helpers.read_text()
    if "PARLAB_TEST_DISCOVERY" not in text or "catch_discover_tests(" not in text:
        fail(f"{helpers} no longer holds the option and the discovery this test removes the first of")
    helpers.write_text("\n".join(ln for ln in text.splitlines() if "PARLAB_TEST_DISCOVERY" not in ln))
    p = subprocess.run([sys.executable, str(GRADE), "--assignment", "01-sequential", "--release", str(rel),
                        "--workspace", str(tmp / "ws-old"), "--prepare"], capture_output=True, text=True, timeout=120)
    if p.returncode == 0 or "PARLAB_TEST_DISCOVERY" not in p.stderr + p.stdout:
        fail(f"a release without PARLAB_TEST_DISCOVERY was not refused clearly: rc {p.returncode}\n{p.stderr[-800:]}")
    if (tmp / "ws-old" / "build").exists():
        fail("the grader built a release whose builds would run the submission's test programs")
    print("old release refused:", (p.stderr.strip().splitlines() or [""])[-1][:200])


def concurrent(ws: Path, ws2: Path, tmp: Path) -> None:
    rel = ws / "release"
    seg = REPO / "tests" / "grading" / "hostile" / "segfault"
    # one workspace: a segfaulting submission, and 0.5 s later the reference
    a = grade(ws, submission(tmp, "seg", "reference", rel, overlay=seg), tmp / "seg.json", start=True)
    time.sleep(0.5)
    b = grade(ws, submission(tmp, "ref", "reference", rel), tmp / "ref.json", start=True)
    expect("one workspace: segfault", _done(a, tmp / "seg.json"), [0, 4])
    expect("one workspace: reference", _done(b, tmp / "ref.json"), [4, 4])
    # two workspaces (two checkouts), different TMPDIR, at the same time
    t1, t2 = tmp / "t1", tmp / "t2"
    t1.mkdir(), t2.mkdir()
    a = grade(ws, submission(tmp, "r1", "reference", rel), tmp / "r1.json", env={"TMPDIR": str(t1)}, start=True)
    b = grade(ws2, submission(tmp, "r2", "reference", rel), tmp / "r2.json", env={"TMPDIR": str(t2)}, start=True,
              release=rel)
    expect("two workspaces: first", _done(a, tmp / "r1.json"), [4, 4])
    expect("two workspaces: second", _done(b, tmp / "r2.json"), [4, 4])
    if os.geteuid() != 0:
        print("not root: no sandbox uids to test (skipped the uid part)")
        return
    # different uids, one after the other and at once: the workspace changes hands
    a = grade(ws, submission(tmp, "u1", "reference", rel), tmp / "u1.json", env={"PARLAB_SANDBOX_UID": "47300"}, start=True)
    b = grade(ws, submission(tmp, "u2", "release", rel), tmp / "u2.json", env={"PARLAB_SANDBOX_UID": "47400"}, start=True)
    expect("uid 47300: reference", _done(a, tmp / "u1.json"), [4, 4])
    expect("uid 47400: stubs", _done(b, tmp / "u2.json"), [0, 0])
    expect("pool uid again: reference", grade(ws, submission(tmp, "u3", "reference", rel), tmp / "u3.json"), [4, 4])
    # a run uid that is another grader's build uid is refused, clearly
    p = subprocess.run([sys.executable, str(GRADE), "--assignment", "01-sequential", "--release", str(rel),
                        "--workspace", str(ws), "--submission", str(tmp / "u3"), "--results", str(tmp / "x.json")],
                       capture_output=True, text=True, env={**os.environ, "PARLAB_SANDBOX_UID": "47001"}, timeout=120)
    if p.returncode == 0 or "must be even" not in p.stderr + p.stdout:
        fail(f"PARLAB_SANDBOX_UID=47001 (a build uid) was not refused clearly: rc {p.returncode}\n{p.stderr[-800:]}")
    print("uid 47001 refused:", (p.stderr.strip().splitlines() or [""])[-1][:160])


def _done(p, out: Path) -> dict:
    so, se = p.communicate(timeout=400)
    p.stdout, p.stderr = so, se
    return finish(p, out)


# The item graded beside the hog: 01's cheaper one (1-2 s a run, against 7 s for blocked
# over interchange at n = 1536). The grader's path is the same for every item (free cores,
# the pinned run, its CPU time, the ratio of rungs timed back to back); the hog is one
# busy core and no memory traffic, so neither item's ratio is nearer its bands under it.
LOAD_ITEM = "Exercise 1 - loop interchange: speedup over naive (n=512)"


def load_rubric(tmp: Path) -> Path:
    """01's rubric with one performance item, LOAD_ITEM (and every correctness item)."""
    r = json.loads((REPO / "grading" / "rubrics" / "01-sequential.json").read_text())
    if not any(it["name"] == LOAD_ITEM for it in r["items"]):
        fail(f"01's rubric has no item {LOAD_ITEM!r} (renamed? update LOAD_ITEM)")
    r["items"] = [it for it in r["items"] if it["type"] != "performance" or it["name"] == LOAD_ITEM]
    path = tmp / "01-sequential-load.json"
    path.write_text(json.dumps(r))
    return path


def load(ws: Path, tmp: Path) -> None:
    rubric = load_rubric(tmp)
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        rel = ws / "release"
        got = []
        for k in range(LOAD_GRADINGS):
            res = grade(ws, submission(tmp, f"p{k}", "reference", rel), tmp / f"p{k}.json", perf=True, rubric=rubric)
            perf = [t for t in res["tests"] if "performance" in t["tags"]]
            # full points, or pending re-measurement if the machine starved it: never a lower grade
            full = all(t["score"] == t["max_score"] and (t["max_score"] > 0 or "pending" in t["tags"]) for t in perf)
            got.append(full)
            print(f"grading {k + 1} with a CPU hog: " + "; ".join(
                ("pending" if "pending" in t["tags"] else f"{t['score']:g}/{t['max_score']:g}")
                + f" ({(t['output'].splitlines() + ['', ''])[1][:90]})" for t in perf))
        print(f"full performance points (or pending) in {sum(got)} of {len(got)} gradings under load")
        if not all(got):
            fail("the reference lost performance points to the load")
    finally:
        hog.kill()
        hog.wait()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["stale", "concurrent", "load", "old_release"])
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--workspace2", help="concurrent: a second workspace (another checkout's)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix=f"parlab-integrity-{a.what}-") as tmp:
        ws = Path(a.workspace).resolve()
        if a.what == "stale":
            stale(ws, Path(tmp))
        elif a.what == "old_release":
            old_release(ws, Path(tmp))
        elif a.what == "concurrent":
            concurrent(ws, Path(a.workspace2).resolve(), Path(tmp))
        else:
            load(ws, Path(tmp))
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
