"""The cores a performance item's driver may use, and the checks that it used no more.

An item with `cores: N` (sequential work: `cores: 1`) runs its driver pinned to N CPUs
(taskset; the allowed CPUs other work kept least busy just now), and the driver's CPU
time as the kernel counted it for the grader (its waited-for children: nothing the
driver can write) must stay within N cores of its wall time. A process may widen its
own affinity, so the pinning alone is not the guarantee; the count is. For every item,
each measured rung's `cores_used` (the driver's own record, so a diagnostic) must stay
within the threads x ranks it was asked for."""
from __future__ import annotations

import os
import time

from parlab.records import workers as workers_of

from .util import have
from .verdicts import describe, find_record

CHILD_SLACK = 0.15  # cores: the sandbox's own start-up runs unpinned beside the driver
RECORD_SLACK = 0.5  # cores_used: thread pools (OpenMP, BLAS) spin on briefly after a run
# ... and for a gate's rung (require[].rung: short one-thread runs beside the item's other
# rungs' pools), where the honest 03 reference's row_blocks x1 read 1.52 cores in a CI run;
# a second thread doing the work reads about 2
GATE_SLACK = 0.9
# The CPU a rung's run on fewer workers may cost over its run on more: the same arithmetic,
# but caches can make the parallel run cheaper (04 parallel_rows at n=512: 1.43x, the honest
# reference); the work done twice costs 2x or more (2.8x in that case).
SAME_WORK = 1.8
BUSY_ALONE = 0.7    # a rung on one worker keeps it at least this busy (compute-bound work)
BUSY_SHARE = 0.6    # ... and a rung on p workers at least this share of p cores


def _per_cpu() -> dict[int, tuple[int, int]]:
    """/proc/stat's cpuN lines: busy and total clock ticks of each CPU so far."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            head, *vals = line.split()
            if head.startswith("cpu") and head[3:].isdigit():
                v = [int(x) for x in vals[:8]]
                idle = v[3] + v[4] + (v[7] if len(v) > 7 else 0)
                out[int(head[3:])] = (sum(v) - idle, sum(v))
    return out


def quiet_cpus(k: int, interval: float = 0.2) -> list[int]:
    """The k CPUs this process may use that other work kept least busy in the last `interval`."""
    allowed = sorted(os.sched_getaffinity(0))
    try:
        a = _per_cpu()
        time.sleep(interval)
        b = _per_cpu()
    except (OSError, ValueError):
        return allowed[:k]
    share = {c: (b[c][0] - a[c][0]) / max(1, b[c][1] - a[c][1]) for c in allowed if c in a and c in b}
    return sorted(allowed, key=lambda c: (share.get(c, 1.0), c))[:k]


def pinned(argv: list[str], cpus: list[int]) -> list[str]:
    """argv run on `cpus` only (unchanged when there is no taskset: the CPU-time check remains)."""
    if not cpus or not have("taskset"):
        return argv
    return ["taskset", "-c", ",".join(str(c) for c in cpus)] + argv


def overuse(it: dict, records: list[dict], used: float, quiet: bool = True) -> str:
    """Why a run earns nothing because it used more cores than it was given, or did not
    do the same work on fewer (sandbagged), or ''. `used`: the driver's CPU time per
    second of wall time, as the grader counted it; `quiet`: no other work ran beside it."""
    cores = int(it.get("cores", 0))
    if cores and used > cores + CHILD_SLACK:
        return (f"the benchmark kept {used:.2f} cores busy on average (the grader's count of its CPU time), "
                f"but this item measures work on {cores} core(s): no performance points")
    m = it["measure"]
    for want, slack in [(m["rung"], RECORD_SLACK)] + [(q["rung"], GATE_SLACK) for q in it.get("require", [])]:
        rec = find_record(records, want)
        got = rec.get("cores_used") if rec else None
        if not isinstance(got, (int, float)):
            continue
        workers = workers_of(rec)
        if cores:
            workers = min(workers, cores)
        if got > workers + slack:
            return (f"{describe(want)} kept {got:.2f} cores busy while it ran (its record's cores_used) but was "
                    f"given {workers}: a rung may use no more cores than its threads x ranks: no performance points")
    return idle_workers(m, records, quiet) or sandbagged(m, records, quiet)


def idle_workers(m: dict, records: list[dict], quiet: bool) -> str:
    """A rung measured on p threads x ranks must use them: a sequential kernel that is fast
    enough on one core would otherwise earn the points of a parallel one (04's tiles on
    one thread scored 2 of 2 against Eigen on two). Judged on a quiet machine only."""
    rec = find_record(records, m["rung"])
    got = rec.get("cores_used") if rec else None
    workers = workers_of(rec) if rec else 1
    if not quiet or workers < 2 or not isinstance(got, (int, float)) or got >= BUSY_SHARE * workers:
        return ""
    return (f"{describe(m['rung'])} kept only {got:.2f} cores busy on {workers} workers: this item measures parallel "
            f"work, and a rung that leaves its threads idle (at least {BUSY_SHARE:g} x {workers} cores) earns no "
            "performance points")


def cpu_per_run(rec: dict | None) -> tuple[float, float] | None:
    """(CPU seconds per run, cores_used) of a timed record, if it says."""
    if not rec or not isinstance(rec.get("cores_used"), (int, float)) or not isinstance(rec.get("median_s"), (int, float)):
        return None
    return rec["cores_used"] * rec["median_s"], rec["cores_used"]


def sandbagged(m: dict, records: list[dict], quiet: bool = True) -> str:
    """A scaling item that also compares a rung with its own run on fewer workers
    (`own`, or an `over` of the same variant): that run is the student's too, so it must
    do the same work, not more (CPU time per run no higher than SAME_WORK x the run on
    more workers: the same arithmetic costs the same CPU), and must not wait (a
    one-worker run keeps its core BUSY_ALONE busy, judged only on a quiet machine, where
    waiting is the run's own doing). A coarse check only: the fixed reference
    (verdicts.fixed_scaling) is what makes a slowed baseline worthless."""
    rung, over = m["rung"], m.get("own") or m["over"]
    if rung.get("variant") != over.get("variant"):
        return ""  # a fixed reference (the given seq): nothing of the student's to slow down
    more, fewer = cpu_per_run(find_record(records, rung)), cpu_per_run(find_record(records, over))
    if not more or not fewer:
        return ""
    if fewer[0] > SAME_WORK * more[0]:
        return (f"{describe(over)} used {fewer[0]:.3f} s of CPU per run, {describe(rung)} {more[0]:.3f} s: the same "
                f"work on fewer threads may not cost more CPU (x{SAME_WORK:g} at most), so the speedup is not of the "
                "same work: no performance points")
    workers = int(over.get("threads", 1) or 1)
    if quiet and workers == 1 and fewer[1] < BUSY_ALONE:
        return (f"{describe(over)} kept its core only {fewer[1]:.2f} busy (it waits): a one-thread run of compute-bound "
                "work keeps its core busy, so the speedup is not of the same work: no performance points")
    return ""
