#!/usr/bin/env python3
"""Benchmark (not a test): grade COPIES copies of the module-01 reference as one batch
and report submissions per hour.

    grading/bench_batch.py [--copies 20] [--parallel 2] [--json results/bench-grading.json]

Target (issue 11): 100 submissions of 01 in under 30 minutes on 2 cores, i.e. at least
200 per hour. The workspaces (build/grading/01-sequential and -slot1 ...) are prepared
first and not timed (the batch's own clock starts after them); every copy is recompiled and fully graded (correctness, then the
performance items, each alone on the machine).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FILES = json.loads((REPO / "grading" / "rubrics" / "01-sequential.json").read_text())["files"]  # from module.json


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--parallel", type=int, default=2)
    ap.add_argument("--workspace", default=str(REPO / "build" / "grading" / "01-sequential"))
    ap.add_argument("--json", help="write the figures here")
    a = ap.parse_args()
    if a.copies < 1 or a.parallel < 1:
        raise SystemExit("bench_batch: --copies and --parallel must be at least 1")
    grade = [sys.executable, str(REPO / "grading" / "grade.py"), "--assignment", "01-sequential",
             "--workspace", a.workspace]
    subprocess.run(grade + ["--prepare"], check=True)
    with tempfile.TemporaryDirectory(prefix="parlab-bench-batch-") as tmp:
        subs = Path(tmp) / "subs"
        for i in range(a.copies):
            d = subs / f"student{i:03d}"
            d.mkdir(parents=True)
            for f in FILES:
                shutil.copy(REPO / f, d / Path(f).name)
        release = Path(a.workspace) / "release"
        t0 = time.monotonic()
        p = subprocess.run(grade + ["--release", str(release), "--batch", str(subs), "--out", str(Path(tmp) / "out"),
                                    "--parallel", str(a.parallel)], capture_output=True, text=True)
        wall = time.monotonic() - t0
        print(p.stdout[-1500:])
        if p.returncode != 0:
            print(p.stderr[-3000:])
            return 1
        info = json.loads((Path(tmp) / "out" / "batch.json").read_text())
        scores = [json.loads((Path(tmp) / "out" / s.name / "results.json").read_text())["score"] for s in sorted(subs.iterdir())]
    rate = a.copies / info["wall_s"] * 3600  # the batch's own clock: without building the slot workspaces
    rec = {"benchmark": "grading-batch-01", "submissions": a.copies, "parallel": a.parallel, "wall_s": round(wall, 1),
           "batch_wall_s": info["wall_s"], "rate": round(rate, 1), "rate_unit": "submissions/h",
           "minutes_for_100": round(100 / rate * 60, 1), "scores": {"min": min(scores), "max": max(scores)}}
    print(json.dumps(rec, indent=2))
    print(f"{a.copies} submissions in {wall:.0f} s on {a.parallel} slot(s): {rate:.0f} submissions/hour; "
          f"100 would take {rec['minutes_for_100']} min (target: under 30)")
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps({"records": [rec]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
