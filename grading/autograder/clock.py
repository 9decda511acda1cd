"""How long a sandboxed run may take, told apart from how busy the machine was.

A run's time limit counts the seconds in which the cores it may use were free for
it: a second in which other processes left it half of them counts half. On a quiet
machine that is the wall clock; on a loaded one the limit stretches, up to a wall
backstop (BACKSTOP times the limit). A run that reaches its limit had its cores and
did not finish: its own doing (a loop, a deadlock, far too slow). A run stopped by
the backstop was starved: the machine was too busy to judge it, and the item is
pending re-measurement, never the student's zero. RLIMIT_CPU (limits.cpu_limit_s)
stops a run that uses the CPU it was given and more.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

BACKSTOP = 3.0   # the wall clock may stretch a time limit this much on a busy machine
SAMPLE_S = 0.5
HZ = os.sysconf("SC_CLK_TCK")


def _proc_table() -> dict[int, tuple[int, int, int]]:
    """pid -> (parent, uid, CPU ticks of itself and the children it reaped)."""
    table = {}
    for d in os.scandir("/proc"):
        if not d.name.isdigit():
            continue
        try:
            with open(f"/proc/{d.name}/stat") as f:
                stat = f.read()
            uid = d.stat().st_uid
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()  # after "pid (comm) "
        table[int(d.name)] = (int(fields[1]), uid, sum(int(x) for x in fields[11:15]))
    return table


def tree_cpu(root: int, uid: int | None) -> float:
    """CPU seconds of a run: `root` and its descendants, and every process of the run's
    own uid (as root the uid is the grader's alone; it catches processes that left the tree)."""
    table = _proc_table()
    kids: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        kids.setdefault(ppid, []).append(pid)
    mine, todo = set(), [root]
    while todo:
        p = todo.pop()
        if p not in mine:
            mine.add(p)
            todo += kids.get(p, [])
    if uid is not None:
        mine |= {pid for pid, (_, u, _) in table.items() if u == uid}
    return sum(table[p][2] for p in mine if p in table) / HZ


def machine_used(cpus: set[int]) -> float:
    """CPU seconds the given CPUs were not idle so far (steal counts as used: by someone else)."""
    used = 0
    with open("/proc/stat") as f:
        for line in f:
            name, *v = line.split()
            if not (name.startswith("cpu") and name[3:].isdigit()) or int(name[3:]) not in cpus:
                continue
            ticks = [int(x) for x in v[:8]]
            used += sum(ticks) - ticks[3] - ticks[4]  # less idle and iowait
    return used / HZ


class FairClock:
    """The seconds a run had the cores it may use (`threads` of them), its CPU time,
    and how many cores other processes kept busy meanwhile."""

    def __init__(self, root: int, threads: int, uid: int | None):
        self.root, self.uid = root, uid
        self.cpus = os.sched_getaffinity(0)
        self.threads = max(1, min(threads, len(self.cpus)))
        self.start = self.t = time.monotonic()
        self.used, self.run_cpu = machine_used(self.cpus), tree_cpu(root, uid)
        self.fair = self.cpu = self.other = 0.0

    def tick(self) -> None:
        t, used, run_cpu = time.monotonic(), machine_used(self.cpus), tree_cpu(self.root, self.uid)
        dt = max(1e-3, t - self.t)
        mine = max(0.0, run_cpu - self.run_cpu)
        other = max(0.0, used - self.used - mine)
        free = max(0.0, len(self.cpus) * dt - other)
        self.fair += dt * min(1.0, free / (self.threads * dt))
        self.cpu, self.other = self.cpu + mine, self.other + other
        self.t, self.used, self.run_cpu = t, used, run_cpu

    @property
    def wall(self) -> float:
        return time.monotonic() - self.start

    @property
    def other_cores(self) -> float:
        return self.other / max(1e-3, self.t - self.start)


def _at_backstop(clock: FairClock, limit_s: float) -> str:
    """The wall clock ran out (the backstop, or the grader's budget cut it shorter): "time"
    if the run had its cores for nearly all its limit, else "busy"."""
    return "time" if clock.fair >= 0.9 * min(limit_s, clock.wall) else "busy"


def run_watched(cmd: list[str], cwd: Path, out, limit_s: float, wall_s: float, threads: int,
                uid: int | None) -> tuple[int, str, FairClock]:
    """Runs `cmd` until it ends, its fair time reaches `limit_s` ("time") or the wall
    clock reaches `wall_s` (_at_backstop); then its process group is killed.
    Returns (exit status, what stopped it or "", its clock)."""
    # `timeout` as well: the run ends even if the grader dies
    p = subprocess.Popen(["timeout", "-s", "KILL", f"{wall_s + 10:g}", *cmd], cwd=cwd, stdin=subprocess.DEVNULL,
                         stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    clock = FairClock(p.pid, threads, uid)
    while True:
        try:
            return p.wait(timeout=SAMPLE_S), "", clock
        except subprocess.TimeoutExpired:
            pass
        clock.tick()
        stop = "time" if clock.fair >= limit_s else _at_backstop(clock, limit_s) if clock.wall >= wall_s else ""
        if stop:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
            return p.wait(), stop, clock
