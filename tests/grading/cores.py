#!/usr/bin/env python3
"""An item's cores: sequential work runs on one core, and no rung uses more cores than
it was given (grading/autograder/cores.py), without timing anything.

  - overuse() on made-up numbers: the grader's count of the driver's CPU time against
    an item's `cores`, and each measured rung's cores_used against its threads x ranks;
  - pinned() and quiet_cpus(): a command run pinned sees one CPU, and its CPU time as
    the grader counts it (OtherLoad.mine) stays within one core while two threads spin;
    the same command unpinned on two free CPUs would show two (not asserted: the
    machine may be busy).

Exit 0 pass, 1 fail.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from autograder.cores import CHILD_SLACK, overuse, pinned, quiet_cpus
from autograder.items import OtherLoad
from autograder.util import have

REPO = Path(__file__).resolve().parents[2]


def check(ok: bool, what: str) -> None:
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        sys.exit(1)


def rec(variant: str, threads: int, cores_used: float | None, ranks: int = 1) -> dict:
    r = {"variant": variant, "threads": threads, "ranks": ranks, "validated": True, "rate": 1.0}
    if cores_used is not None:
        r["cores_used"] = cores_used
    return r


def synthetic() -> None:
    seq = {"measure": {"rung": {"variant": "blocked"}, "over": {"variant": "interchange"}}, "cores": 1}
    recs = [rec("interchange", 1, 0.99), rec("blocked", 1, 1.0)]
    check(overuse(seq, recs, 1.0) == "", "one core's work on one core passes")
    check("1.90 cores busy" in overuse(seq, recs, 1.9), "the grader's count of 1.9 cores fails a 1-core item")
    check(overuse(seq, recs, 1.0 + CHILD_SLACK / 2) == "", "the sandbox's start-up beside the driver is allowed for")
    recs2 = [rec("interchange", 1, 0.99), rec("blocked", 1, 1.97)]
    check("blocked" in overuse(seq, recs2, 1.0), "a rung whose record says 2 cores fails even when the count passes")
    omp = {"measure": {"rung": {"variant": "tiled", "threads": 2}, "over": {"variant": "tiled", "threads": 1}},
           "require": [{"rung": {"variant": "tiled", "threads": 1}, "over": {"variant": "seq"}, "min": 0.35}]}
    fair = [rec("seq", 1, 1.0), rec("tiled", 1, 1.02), rec("tiled", 2, 1.98)]
    check(overuse(omp, fair, 2.5) == "", "2 threads on 2 cores, 1 on 1: no item cores, nothing refused")
    sand = [rec("seq", 1, 1.0), rec("tiled", 1, 1.95), rec("tiled", 2, 1.98)]
    check("threads=1" in overuse(omp, sand, 2.5), "a 1-thread rung of a gate that used 2 cores is refused")
    mpi = {"measure": {"rung": {"variant": "summa"}, "over": {"variant": "seq"}}}
    check(overuse(mpi, [rec("seq", 1, 2.0), rec("summa", 1, 2.1, ranks=2)], 2.2) == "",
          "2 ranks may keep 2 cores busy (the seq baseline's waiting ranks are not judged)")
    check(overuse(seq, [rec("interchange", 1, None), rec("blocked", 1, None)], 1.0) == "",
          "records without cores_used (an older driver) are judged by the grader's count alone")
    # sandbagging: the rung's own 1-thread run is the student's; it must do the same work
    par = {"measure": {"rung": {"variant": "parallel_rows", "threads": 2}, "over": {"variant": "parallel_rows", "threads": 1}}}
    timed = lambda v, t, cu, s: {**rec(v, t, cu), "median_s": s}  # noqa: E731
    honest = [timed("parallel_rows", 1, 1.0, 0.20), timed("parallel_rows", 2, 1.9, 0.11)]
    check(overuse(par, honest, 1.5) == "", "honest scaling: the same CPU per run on 1 and 2 threads")
    cache = [timed("parallel_rows", 1, 1.0, 0.30), timed("parallel_rows", 2, 1.9, 0.11)]
    check(overuse(par, cache, 1.5) == "", "a parallel run that caches make cheaper (1.4x less CPU) is honest")
    twice = [timed("parallel_rows", 1, 1.0, 0.40), timed("parallel_rows", 2, 1.9, 0.11)]
    check("may not cost more CPU" in overuse(par, twice, 1.5), "the work done twice on 1 thread is refused")
    fixed_own = {"measure": {**par["measure"], "over": {"variant": "seq"}, "own": par["measure"]["over"]}}
    check("may not cost more CPU" in overuse(fixed_own, [timed("seq", 1, 1.0, 0.1)] + twice, 1.5),
          "... also where the item judges against the given seq and names the rung's own run ('own')")
    sleeps = [timed("parallel_rows", 1, 0.5, 0.40), timed("parallel_rows", 2, 1.9, 0.11)]
    check("busy" in overuse(par, sleeps, 1.5), "a 1-thread run that sleeps as long as it works is refused")
    check(overuse(par, sleeps, 1.5, quiet=False) == "", "... but not judged beside other work (its core was taken)")
    vs_eigen = {"measure": {"rung": {"variant": "tiled", "threads": 2}, "over": {"variant": "eigen", "threads": 2}}}
    check(overuse(vs_eigen, [rec("eigen", 2, 1.9), rec("tiled", 2, 1.95)], 2.0) == "", "a parallel rung on its 2 cores passes")
    check("only 1.00 cores busy" in overuse(vs_eigen, [rec("eigen", 2, 1.9), rec("tiled", 2, 1.0)], 1.5),
          "a sequential kernel measured as the 2-thread rung is refused")
    check(overuse(vs_eigen, [rec("eigen", 2, 1.9), rec("tiled", 2, 1.0)], 1.5, quiet=False) == "",
          "... but not judged beside other work")
    fixed = {"measure": {"rung": {"variant": "summa"}, "over": {"variant": "seq"}}}
    check(overuse(fixed, [timed("seq", 1, 1.0, 0.4), timed("summa", 1, 1.0, 0.1)], 1.5) == "",
          "against a fixed reference (the given seq) there is nothing of the student's to slow down")


SPIN = "import threading,time\n" \
       "def spin():\n    t=time.process_time()\n    while time.process_time()-t<0.6: pass\n" \
       "ts=[threading.Thread(target=spin) for _ in range(2)]\n[t.start() for t in ts]\n[t.join() for t in ts]\n"


def real() -> None:
    if not have("taskset"):
        print("skip real: no taskset")
        return
    cpus = quiet_cpus(1)
    check(len(cpus) == 1 and cpus[0] in os.sched_getaffinity(0), f"quiet_cpus(1) gives one allowed CPU ({cpus})")
    argv = pinned([sys.executable, "-c", "import os; print(len(os.sched_getaffinity(0)))"], cpus)
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout.strip()
    check(out == "1", f"the pinned command sees one CPU ({out})")
    # Python threads hold the GIL: spin in two processes instead, both pinned to one CPU.
    with OtherLoad() as load:
        subprocess.run(pinned(["/bin/sh", "-c", f'"$0" -c "$1" & "$0" -c "$1"; wait', sys.executable, SPIN], cpus),
                       check=True)
    check(load.mine <= 1 + CHILD_SLACK, f"two spinning processes pinned to one CPU count {load.mine:.2f} cores")


if __name__ == "__main__":
    synthetic()
    real()
    print("PASS")
