"""A folder of submissions, graded in parallel slots.

Each slot is a grader process of its own, with its own workspace (WS, WS-slot1,
...; built once, then reused) and its own uid pair (taken from the pool). A
batch lock keeps the timing honest: builds and tests hold it shared, a
performance item holds it alone, so no ratio is measured beside another
student's job. One grades.csv at the end, and how long the batch took."""
from __future__ import annotations

import csv
import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from .session import make_release_for
from .util import log
from .workspace import refresh_release

GRADE = Path(__file__).resolve().parents[1] / "grade.py"


@contextmanager
def batch_turn(lock_path: str | None, alone: bool):
    """Shared (builds, tests) or alone (performance) use of the machine among the
    slots of one batch. A turnstile first: a slot waiting to be alone is not
    starved by the others taking shared turns over and over."""
    if not lock_path:
        yield
        return
    with open(lock_path + ".turn", "a") as turn, open(lock_path, "a") as rw:
        fcntl.flock(turn, fcntl.LOCK_EX)
        fcntl.flock(rw, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        fcntl.flock(turn, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(rw, fcntl.LOCK_UN)


def write_grades(path: Path, rubric: dict, rows: list[list]) -> None:
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["submission", "score", "max_score"] + [it["name"] for it in rubric["items"]])
        w.writerows(sorted(rows, key=lambda r: str(r[0])))


def merge(rubric: dict, out: Path, parts: list[Path]) -> int:
    """Per-slice batch folders (one per Slurm array task) into one: OUT/<name>/ for
    every submission (results.json, junit.xml, summary.txt: a Gradescope-style
    results folder) and one OUT/grades.csv. A submission graded twice is an error."""
    out.mkdir(parents=True, exist_ok=True)
    rows, seen = [], {}
    for part in parts:
        with open(part / "grades.csv", newline="") as f:
            for row in csv.DictReader(f):
                name = row["submission"]
                if name in seen:
                    raise SystemExit(f"grade: --merge: {name} is in both {seen[name]} and {part}")
                seen[name] = part
                src, dst = part / name, out / name
                if src.resolve() != dst.resolve():
                    shutil.copytree(src, dst, dirs_exist_ok=True)
                rows.append([name, row["score"], row["max_score"]] + [row[it["name"]] for it in rubric["items"]])
    write_grades(out / "grades.csv", rubric, rows)
    walls = [json.loads((p / "batch.json").read_text())["wall_s"] for p in parts if (p / "batch.json").exists()]
    print(f"merged {len(rows)} submissions from {len(parts)} slices into {out / 'grades.csv'}"
          + (f" (slowest slice {max(walls):.0f} s)" if walls else ""))
    return 0


def submissions_in(batch: Path) -> list[Path]:
    return sorted(p for p in batch.iterdir() if p.is_dir() or p.suffix in (".cpp", ".hpp"))


def slot_workspace(ws: Path, k: int) -> Path:
    return ws if k == 0 else ws.with_name(f"{ws.name}-slot{k}")


def run_batch(rubric: dict, batch: Path, out: Path, ws: Path, release: Path | None, slots: int,
              passthrough: list[str], part: tuple[int, int] = (0, 1)) -> int:
    """part (k, n): only every n-th submission from the k-th (one Slurm array task's slice)."""
    subs = submissions_in(batch)[part[0]::part[1]]
    if not subs:
        raise SystemExit(f"grade: --batch {batch}: no submissions (one folder or .cpp file per student)"
                         + (f" in slice {part[0]}/{part[1]}" if part[1] > 1 else ""))
    out.mkdir(parents=True, exist_ok=True)
    if release is None:
        release = refresh_release(out, lambda d: make_release_for(rubric, d))
    slots = max(1, min(slots, len(subs)))
    lock = str(out / ".batch.lock")
    # every slot's workspace is built (or found ready) before any timing starts
    prep = [[sys.executable, str(GRADE), "--assignment", rubric["_path"], "--release", str(release), "--prepare",
             "--workspace", str(slot_workspace(ws, k))] + passthrough for k in range(slots)]
    with ThreadPoolExecutor(slots) as pool:
        for k, p in enumerate(pool.map(lambda c: subprocess.run(c, stdin=subprocess.DEVNULL, capture_output=True,
                                                                text=True), prep)):
            if p.returncode != 0:
                raise SystemExit(f"grade: preparing the workspace of slot {k} failed:\n{p.stderr[-3000:]}")
    t0 = time.monotonic()  # the grading itself; workspaces were built above
    free = list(range(slots))

    def grade_one(sub: Path) -> list:
        k = free.pop()
        try:
            od = out / sub.name
            cmd = [sys.executable, str(GRADE), "--assignment", rubric["_path"], "--release", str(release),
                   "--workspace", str(slot_workspace(ws, k)), "--submission", str(sub),
                   "--results", str(od / "results.json"), "--junit", str(od / "junit.xml"),
                   "--summary", str(od / "summary.txt"), "--quiet", "--batch-lock", lock] + passthrough
            log(f"grading {sub.name} (slot {k})")
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
            if p.returncode != 0:
                log(f"{sub.name}: the grader exited {p.returncode}:\n{p.stderr[-2000:]}")
        finally:
            free.append(k)
        try:
            res = json.loads((od / "results.json").read_text())
            # a manual item is graded by hand: its column says so instead of a 0
            return [sub.name, res["score"], res["max_score"]] + ["by hand" if "manual" in t.get("tags", []) else t["score"]
                                                                  for t in res["tests"]]
        except (OSError, ValueError, KeyError):
            return [sub.name, 0, "grader failed"]

    with ThreadPoolExecutor(slots) as pool:
        rows = list(pool.map(grade_one, subs))
    wall = time.monotonic() - t0
    write_grades(out / "grades.csv", rubric, rows)
    width = max([len(str(r[0])) for r in rows] + [10])
    print(f"{'submission':<{width}}  score")
    for r in rows:
        print(f"{r[0]:<{width}}  {r[1]:g}/{r[2]}" if isinstance(r[1], (int, float)) else f"{r[0]}  {r[2]}")
    rate = len(rows) / wall * 3600 if wall > 0 else 0.0
    print(f"batch: {len(rows)} submissions in {wall:.0f} s on {slots} slot(s) ({rate:.0f} submissions/hour)")
    print(f"grades: {out / 'grades.csv'}; per submission: {out}/<name>/results.json, junit.xml, summary.txt")
    (out / "batch.json").write_text(json.dumps({"submissions": len(rows), "wall_s": round(wall, 1), "slots": slots,
                                                "per_hour": round(rate, 1)}))
    failed = [r[0] for r in rows if r[2] == "grader failed"]
    return 1 if failed else 0
