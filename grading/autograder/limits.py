"""What one sandboxed run may use: memory, address space and CPU time.

Memory is limited where it is used: each run gets a memory cgroup of its own
(root, with a cgroup v1 memory hierarchy or a v2 memory controller the grader
may use), made inside the grader's own cgroup so a container's limit still holds
above it. RLIMIT_AS only backs it up, sized for the address space a process
reserves without using: a limit on address space alone stopped correct code.
Module 06's hybrid matmul (1 rank x 2 threads) maps 691 MiB and touches 124 MiB:
OpenBLAS maps a 128 MiB buffer for each thread that calls dgemm, and when that
mmap fails it retries forever, so the reference "ran past its time limit".
CPU time: RLIMIT_CPU per process, the item's time limit on each thread it may use.
"""
from __future__ import annotations

import functools
import math
import os
import time
from pathlib import Path

# Address space a process maps but never touches: shared libraries (Open MPI, OpenBLAS,
# Eigen's users), malloc arenas; and per thread its stack and OpenBLAS's 128 MiB buffer.
RUNTIME_RESERVE_MB = 384
THREAD_RESERVE_MB = 160


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def declared_threads(env: dict[str, str]) -> int:
    """The threads an item says it uses (OMP_NUM_THREADS, first level), else one per core."""
    try:
        return max(1, int(env.get("OMP_NUM_THREADS", "").split(",")[0]))
    except ValueError:
        return usable_cores()


def busy_threads(env: dict[str, str]) -> int:
    """The cores a run may keep busy: its threads, at most the cores there are."""
    return min(declared_threads(env), usable_cores())


def address_space_mb(memory_mb: int, env: dict[str, str]) -> int:
    return memory_mb + RUNTIME_RESERVE_MB + THREAD_RESERVE_MB * declared_threads(env)


def cpu_limit_s(timeout: float, env: dict[str, str]) -> int:
    """RLIMIT_CPU of each process: the time limit on every core it may keep busy."""
    return max(1, math.ceil(timeout * busy_threads(env)))


@functools.cache
def _memory_root() -> tuple[Path, bool] | None:
    """The grader's own memory cgroup and whether it is v2, if one can hold children."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:  # v1: "N:memory:/path" (the memory controller may share a line)
        _, ctrls, path = line.split(":", 2)
        if "memory" in ctrls.split(","):
            d = Path("/sys/fs/cgroup/memory") / path.lstrip("/")
            return (d, False) if (d / "memory.limit_in_bytes").exists() else None
    for line in lines:  # v2: "0::/path", the memory controller enabled for its children
        if line.startswith("0::"):
            d = Path("/sys/fs/cgroup") / line[3:].lstrip("/")
            try:
                if "memory" not in (d / "cgroup.subtree_control").read_text().split():
                    (d / "cgroup.subtree_control").write_text("+memory")  # refused unless d holds no process
                return d, True
            except OSError:
                return None
    return None


class MemoryCgroup:
    """A memory cgroup for one run: a limit on memory used, not on address space."""

    def __init__(self, path: Path, v2: bool, mb: int):
        self.path, self.v2, self.mb = path, v2, mb

    @classmethod
    def make(cls, mb: int) -> "MemoryCgroup | None":
        """None where the grader cannot make one (not root, no memory controller)."""
        if os.geteuid() != 0 or (root := _memory_root()) is None:
            return None
        base, v2 = root
        cg = cls(base / f"parlab-run-{os.getpid()}-{os.urandom(4).hex()}", v2, mb)
        try:
            cg.path.mkdir()
            limit = str(mb << 20)
            if v2:
                (cg.path / "memory.max").write_text(limit)
                cg._write_if_there("memory.swap.max", "0")
            else:
                (cg.path / "memory.limit_in_bytes").write_text(limit)
                cg._write_if_there("memory.memsw.limit_in_bytes", limit)  # no swap either
        except OSError:
            cg.remove()
            return None
        return cg

    def _write_if_there(self, name: str, value: str) -> None:
        if (self.path / name).exists():
            (self.path / name).write_text(value)

    def wrap(self, cmd: list[str]) -> list[str]:
        """The command, started inside the cgroup (with everything it starts)."""
        return ["/bin/sh", "-c", 'echo $$ > "$0" && exec "$@"', str(self.path / "cgroup.procs"), *cmd]

    def oom_killed(self) -> bool:
        name = "memory.events" if self.v2 else "memory.oom_control"
        try:
            for line in (self.path / name).read_text().splitlines():
                key, _, n = line.partition(" ")
                if key == "oom_kill":
                    return int(n) > 0
        except (OSError, ValueError):
            pass
        return False

    def remove(self) -> None:
        for _ in range(20):  # its last processes may take a moment to leave
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.05)
