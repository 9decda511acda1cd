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

from .items import wait_for_cores
from .session import make_release_for
from .util import log
from .workspace import refresh_release

GRADE = Path(__file__).resolve().parents[1] / "grade.py"
FREE_WAIT_S = 60  # before grading a submission's pending items again: wait this long at most for free cores


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
    """One row per submission: its score, the maximum of what was measured, each item's
    score ("pending" while it waits for re-measurement), what the integrity gate flagged
    for the instructor's review, and the pending items' names (last)."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["submission", "score", "max_score"] + [it["name"] for it in rubric["items"]] + ["review", "pending"])
        w.writerows(sorted(rows, key=lambda r: str(r[0])))


def grade_row(name: str, results: Path, rubric: dict) -> list:
    """A submission's row of grades.csv, from its results.json."""
    try:
        res = json.loads(results.read_text())
        cells = [item_cell(t) for t in res["tests"]]
        pending = [(t.get("extra_data") or {}).get("item", t["name"]) for t in res["tests"] if "pending" in t.get("tags", [])]
        return [name, res["score"], res["max_score"]] + cells + [review_of(res.get("output", "")), "; ".join(pending)]
    except (OSError, ValueError, KeyError):
        return [name, 0, "grader failed"] + [""] * len(rubric["items"]) + ["", ""]


REVIEW = "- for the instructor's review: "  # the summary's note (grader.gate_sources)


def review_of(summary: str) -> str:
    return next((ln[len(REVIEW):] for ln in summary.splitlines() if ln.startswith(REVIEW)), "")


def item_cell(t: dict):
    # a manual item is graded by hand and a pending one not yet: each says so instead of a 0
    tags = t.get("tags", [])
    return "by hand" if "manual" in tags else "pending" if "pending" in tags else t["score"]


def pending_of(row: list) -> list[str]:
    return [n for n in str(row[-1]).split("; ") if n]


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
                rows.append([name, row["score"], row["max_score"]] + [row[it["name"]] for it in rubric["items"]]
                            + [row.get("review", ""), row.get("pending", "")])
    write_grades(out / "grades.csv", rubric, rows)
    walls = [json.loads((p / "batch.json").read_text())["wall_s"] for p in parts if (p / "batch.json").exists()]
    print(f"merged {len(rows)} submissions from {len(parts)} slices into {out / 'grades.csv'}"
          + (f" (slowest slice {max(walls):.0f} s)" if walls else ""))
    report_pending(rows, out)
    return 0


def regrade_pending(rows: list[list], subs: list[Path], out: Path, grade_one) -> tuple[list[list], float]:
    """Once every submission is graded, its items that could not be measured (pending)
    are graded again, one submission at a time, each when the cores are free (waiting
    up to FREE_WAIT_S). Returns the rows and the seconds it took."""
    t0, by_name, rows = time.monotonic(), {s.name: s for s in subs}, list(rows)
    for i, row in enumerate(rows):
        if pending_of(row):
            wait_for_cores(FREE_WAIT_S)
            rows[i] = grade_one(by_name[row[0]], ["--only-pending", str(out / row[0] / "results.json")])
    return rows, time.monotonic() - t0


def report_pending(rows: list[list], out: Path) -> dict[str, list[str]]:
    """What is still pending re-measurement, said once the batch ends, and how to grade it."""
    pending = {str(r[0]): pending_of(r) for r in rows if pending_of(r)}
    if pending:
        print(f"pending re-measurement (the machine was too busy; not counted, not failed): {len(pending)} submission(s)")
        for name, items in sorted(pending.items()):
            print(f"  {name}: {'; '.join(items)}")
        print(f"  grade them again when the machine is free: grade.py ... --submission SUB "
              f"--only-pending {out}/SUB/results.json")
    return pending


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

    def slot_cmd(sub: Path, k: int, extra: list[str]) -> list[str]:
        od = out / sub.name
        return [sys.executable, str(GRADE), "--assignment", rubric["_path"], "--release", str(release),
                "--workspace", str(slot_workspace(ws, k)), "--submission", str(sub),
                "--results", str(od / "results.json"), "--junit", str(od / "junit.xml"),
                "--summary", str(od / "summary.txt"), "--quiet", "--batch-lock", lock] + extra + passthrough

    def grade_one(sub: Path, extra: list[str] | None = None) -> list:
        k = free.pop()
        try:
            log(f"grading {sub.name} (slot {k})" + (" again: its pending items" if extra else ""))
            p = subprocess.run(slot_cmd(sub, k, extra or []), stdin=subprocess.DEVNULL, capture_output=True, text=True)
            if p.returncode != 0:
                log(f"{sub.name}: the grader exited {p.returncode}:\n{p.stderr[-2000:]}")
        finally:
            free.append(k)
        return grade_row(sub.name, out / sub.name / "results.json", rubric)

    with ThreadPoolExecutor(slots) as pool:
        rows = list(pool.map(grade_one, subs))
    rows, rerun = regrade_pending(rows, subs, out, grade_one)
    wall = time.monotonic() - t0
    write_grades(out / "grades.csv", rubric, rows)
    width = max([len(str(r[0])) for r in rows] + [10])
    print(f"{'submission':<{width}}  score")
    for r in rows:
        print(f"{r[0]:<{width}}  {r[1]:g}/{r[2]}" if isinstance(r[1], (int, float)) else f"{r[0]}  {r[2]}")
    rate = len(rows) / wall * 3600 if wall > 0 else 0.0
    print(f"batch: {len(rows)} submissions in {wall:.0f} s on {slots} slot(s) ({rate:.0f} submissions/hour)")
    print(f"grades: {out / 'grades.csv'}; per submission: {out}/<name>/results.json, junit.xml, summary.txt")
    pending = report_pending(rows, out)
    (out / "batch.json").write_text(json.dumps({"submissions": len(rows), "wall_s": round(wall, 1), "slots": slots,
                                                "per_hour": round(rate, 1), "regrade_s": round(rerun, 1),
                                                "pending": pending}))
    failed = [r[0] for r in rows if r[2] == "grader failed"]
    return 1 if failed else 0
