#!/usr/bin/env python3
"""What stops a sandboxed run, and what the grader then says (grading/autograder/limits.py,
clock.py), on real processes in the grader's sandbox:

  maps     a process that maps 4 x 128 MiB and touches little (as OpenBLAS does for each
           thread that calls dgemm: module 06's reference) runs under the default limit
  touches  one that uses 600 MiB is stopped: "out of memory"
  cpu      one process spinning 2 threads where its item allows 1: its CPU time limit
  waits    one that sleeps with the cores free: its time limit, "a deadlock?"
  starved  one that gets almost no CPU (SCHED_IDLE, beside 8 busy processes per core):
           the machine was too busy - pending, never the student's fault

    sandbox_limits.py --spinner PATH   (tests/grading/limits/spin_threads.cpp, built)

Exit 0 pass, 1 fail. Load-sensitive checks accept the other verdict only when the
grader measured the load that explains it.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.rubric import DEFAULT_LIMITS
from autograder.sandbox import Run, Sandbox
from autograder.uids import uid_lock

REPO = Path(__file__).resolve().parents[2]

ONE = {"OMP_NUM_THREADS": "1"}
failures: list[str] = []


def check(label: str, ok: bool, run: Run, timeout: float) -> None:
    print(f"{label}: stop={run.stop or '-'} rc={run.rc} {run.elapsed:.1f} s, {run.cpu_s:.1f} s CPU, "
          f"other load {run.other_cores:.2f} cores\n    {run.why(timeout)}")
    if not ok:
        failures.append(f"{label}: {run.why(timeout)}\n    output: {run.output[-500:]}")


@contextlib.contextmanager
def busy_cores(per_core: int = 8):
    """Spinning processes, each a session of its own: with autogroup scheduling the
    CPU is shared between sessions first, so a starved run needs many of them."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"], start_new_session=True)
            for _ in range(per_core * len(os.sched_getaffinity(0)))]
    try:
        yield
    finally:
        for h in hogs:
            h.kill()
            h.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--spinner", required=True, type=Path)
    a = ap.parse_args()
    with uid_lock(None) as pair, tempfile.TemporaryDirectory(prefix="parlab-limits-") as t:
        base = Path(t)
        base.chmod(0o755)  # the run uid reaches its run folders
        sb = Sandbox(DEFAULT_LIMITS, pair, [])
        mem = DEFAULT_LIMITS["memory_mb"]

        def run(argv: list[str], timeout: float, env: dict, with_spinner: bool = False) -> Run:
            d = sb.new_dir(base)
            if with_spinner:
                shutil.copy(a.spinner, d / "spin")
                (d / "spin").chmod(0o755)
            return sb.run(argv, d, timeout, env, mem)

        maps = "import mmap; m = [mmap.mmap(-1, 128 << 20) for _ in range(4)]; m[0][0] = 1; print('mapped')"
        r = run(["python3", "-c", maps], 20, {"OMP_NUM_THREADS": "2"})
        check("maps 512 MiB, touches little", r.rc == 0 and "mapped" in r.output, r, 20)

        touch = "b = bytearray(600 << 20); print('touched')"
        r = run(["python3", "-c", touch], 20, ONE)
        check("touches 600 MiB", r.rc != 0 and "touched" not in r.output
              and ("out of memory" in r.why(20) or "MemoryError" in r.output), r, 20)

        r = run(["./spin", "2"], 3, ONE, with_spinner=True)
        check("spins 2 threads, allowed 1", r.stop == "cpu" and "CPU time limit" in r.why(3)
              or (r.stop == "time" and r.other_cores >= 0.5), r, 3)

        r = run(["sleep", "60"], 3, ONE)
        check("sleeps with the cores free", r.stop == "time" and "deadlock?" in r.why(3)
              or (r.stop == "busy" and r.other_cores >= 0.5), r, 3)

        with busy_cores():
            r = run(["chrt", "--idle", "0", "python3", "-c", "while True: pass"], 2, ONE)
        check("starved (SCHED_IDLE beside 8 busy processes per core)",
              r.stop == "busy" and r.busy and "too busy" in r.why(2) and "pending" in r.why(2), r, 2)
    if failures:
        print("FAIL:\n  " + "\n  ".join(failures))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
