"""The command line of grading/grade.py."""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from .batch import merge, run_batch
from .grader import Grader
from .package import package
from .report import emit
from .rubric import find_rubric, load_rubric
from .session import default_workspace, session

USAGE = """parlab autograder: grade one submission (or a folder of them) for one assignment.

    grading/grade.py --assignment 01-sequential --submission path/to/files-or-tree
    grading/grade.py --assignment 01 --batch submissions/ --out graded/ [--parallel 2]
    grading/grade.py --assignment 01 --prepare              # build the release once
    grading/grade.py --assignment 01 --submission S --only-pending graded/S/results.json
    grading/grade.py --assignment 01 --package dist/gradescope-01.zip

The steps, their guarantees and what a submission can see: grading/README.md.
Points, thresholds, sizes and limits are data: grading/rubrics/<assignment>.json.
"""


def parse(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=USAGE, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--assignment", required=True, help="rubric name (grading/rubrics/NAME.json, a prefix like 01 works) or a rubric .json")
    ap.add_argument("--submission", help="a submission: its exercise files (flat) or its whole tree")
    ap.add_argument("--batch", help="a folder with one sub-folder per submission")
    ap.add_argument("--out", help="--batch: where to write <name>/results.json, junit.xml, summary.txt and grades.csv")
    ap.add_argument("--slice", metavar="K/N", help="--batch: grade only every N-th submission from the K-th (0-based; a Slurm array task)")
    ap.add_argument("--merge", nargs="+", metavar="DIR", help="merge the --out folders of slices into --out: one grades.csv")
    ap.add_argument("--parallel", type=int, default=1, help="--batch: grade this many submissions at once (one per core)")
    ap.add_argument("--release", help="a student release to grade against (default: made from this repository)")
    ap.add_argument("--workspace", help="where the release is built once and reused (default /var/tmp/parlab-grading/<assignment>-<checkout>)")
    ap.add_argument("--results", help="write Gradescope results.json here")
    ap.add_argument("--junit", help="write JUnit XML here")
    ap.add_argument("--summary", help="write the summary table here")
    ap.add_argument("--prepare", action="store_true", help="only build the workspace")
    ap.add_argument("--package", metavar="ZIP", help="write the Gradescope autograder zip and stop")
    ap.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 4), help="parallel compile jobs")
    ap.add_argument("--test-timeout", type=float, help="override every item's time limit (seconds)")
    ap.add_argument("--memory-mb", type=int, help="override the rubric's memory limit per process (MiB)")
    ap.add_argument("--budget", type=float, help="total time budget in seconds (default: the rubric's budget_s)")
    ap.add_argument("--core-wait", type=float, metavar="S",
                    help="after a timed run other work spoiled, wait at most S seconds for free cores before the next "
                         "run (default: the rubric's core_wait_s, 30)")
    ap.add_argument("--skip-race", action="store_true", help="do not run the TSan race items (they are not counted)")
    ap.add_argument("--skip-performance", action="store_true",
                    help="do not run the performance items (not counted): for graders with too few cores to time parallel rungs")
    ap.add_argument("--only-performance", action="store_true", help="grade only the performance items (the rest not counted)")
    ap.add_argument("--only-pending", metavar="RESULTS",
                    help="grade again only the items pending re-measurement in RESULTS (an earlier results.json of "
                         "this submission); the other items keep their grades; the merged grade goes to --results "
                         "(default: RESULTS itself)")
    ap.add_argument("--batch-lock", help=argparse.SUPPRESS)  # set by --batch for its slots
    # the grader's own tests of the sandbox behind the integrity gate (hostile code that must be run)
    ap.add_argument("--no-integrity-gate", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--quiet", action="store_true")
    return ap.parse_args(argv)


def read_previous(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise SystemExit(f"grade: --only-pending {path}: {e}")


def main(argv=None) -> int:
    a = parse(argv)
    rubric = load_rubric(find_rubric(a.assignment))
    if a.memory_mb:
        rubric["limits"]["memory_mb"] = a.memory_mb
        for it in rubric["items"]:
            it.pop("memory_mb", None)
    if a.core_wait is not None:
        if not a.core_wait >= 0:  # NaN too
            raise SystemExit(f"grade: --core-wait {a.core_wait:g}: give the seconds to wait, 0 or more")
        rubric["limits"]["core_wait_s"] = a.core_wait
    flags = (["--skip-race"] if a.skip_race else []) + (["--skip-performance"] if a.skip_performance else [])
    if a.package:
        package(rubric, Path(a.package), flags)
        return 0
    ws_path = Path(a.workspace) if a.workspace else default_workspace(rubric)
    release = None
    if a.release:
        release = Path(a.release).resolve()
        if not (release / "CMakeLists.txt").exists():
            raise SystemExit(f"grade: --release {release}: not a parlab tree")
    if a.merge:
        if not a.out:
            raise SystemExit("grade: --merge needs --out")
        return merge(rubric, Path(a.out).resolve(), [Path(d).resolve() for d in a.merge])
    if a.batch:
        part = (0, 1)
        if a.slice:
            try:
                k, n = (int(x) for x in a.slice.split("/"))
                assert 0 <= k < n
            except (ValueError, AssertionError):
                raise SystemExit(f"grade: --slice {a.slice}: give K/N with 0 <= K < N, e.g. 0/4")
            part = (k, n)
        batch = Path(a.batch).resolve()
        if not batch.is_dir():
            raise SystemExit(f"grade: --batch {batch}: no such folder")
        passthrough = flags + (["--test-timeout", str(a.test_timeout)] if a.test_timeout else []) \
            + (["--memory-mb", str(a.memory_mb)] if a.memory_mb else []) + (["--budget", str(a.budget)] if a.budget else []) \
            + (["--core-wait", str(a.core_wait)] if a.core_wait is not None else []) \
            + ["--jobs", str(a.jobs)]
        return run_batch(rubric, batch, Path(a.out or (str(batch) + "-graded")).resolve(), ws_path, release,
                         a.parallel, passthrough, part)
    if not (a.prepare or a.submission):
        raise SystemExit("grade: give --submission, --batch, --prepare or --package")
    sub = Path(a.submission).resolve() if a.submission else None
    if sub is not None and not sub.exists():
        raise SystemExit(f"grade: --submission {sub}: no such file or folder")
    previous = read_previous(Path(a.only_pending)) if a.only_pending else None
    with session(rubric, ws_path, release, a.jobs, race=not a.skip_race, performance=not a.skip_performance) as (ws, sb):
        if a.prepare:
            return 0
        grader = Grader(rubric, ws, sb, a.test_timeout, a.budget, a.skip_race, a.skip_performance,
                        only="performance" if a.only_performance else None, batch_lock=a.batch_lock,
                        integrity_gate=not a.no_integrity_gate, previous=previous)
        results = Path(a.results) if a.results else Path(a.only_pending) if a.only_pending else None
        g = grader.grade(sub, results)
    emit(g, results, Path(a.junit) if a.junit else None, Path(a.summary) if a.summary else None, a.quiet)
    return 0
