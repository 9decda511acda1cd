"""Who grades: the two unprivileged uids of a grader, and the locks that keep
graders apart.

Roles. A grader (root) uses a PAIR of uids: run = an even uid that runs the
submission's tests, build = run + 1 that compiles it and owns the build folders.
The parity makes the roles disjoint across every grader on the machine: no run
uid of one grader can be the build uid of another (which would let student code
replace that grader's binaries). PARLAB_SANDBOX_UID picks the run uid (even, not
an account in /etc/passwd); without it the grader takes the first free pair of
a pool (47100, 47102, ...), preferring the pair that built its workspace.

Locks (flock, released by the kernel when a grader dies):
  - the workspace lock, a file inside the workspace: one grader at a time
    refreshes, restores, builds and runs in one workspace;
  - the uid lock, /run/lock/parlab-grader-uid-<run uid>.lock, a fixed system
    path that does not follow TMPDIR: the clean-up after each test kills every
    process of the run uid, which must never hit another grader's tests.
Order: workspace lock first, then the uid lock, so two graders cannot deadlock.
"""
from __future__ import annotations

import fcntl
import os
import pwd
import time
from contextlib import contextmanager
from pathlib import Path

from .util import is_root, log

# 47000/47001 were the fixed uids of earlier graders (still on other checkouts): not in the pool
POOL_BASE = 47100
POOL_PAIRS = 32
LOCK_DIRS = ("/run/lock", "/var/lock", "/run")


class UidPair:
    def __init__(self, run: int):
        self.run, self.build = run, run + 1

    def __repr__(self) -> str:
        return f"uids {self.run} (runs tests) / {self.build} (builds)"


def check_pair(run: int) -> UidPair:
    if run < 1000 or run % 2:
        raise SystemExit(f"grade: PARLAB_SANDBOX_UID={run}: the run uid must be even and >= 1000 "
                         f"(the build uid is run + 1; even/odd keeps the two roles of all graders apart)")
    if "PARLAB_BUILD_UID" in os.environ and int(os.environ["PARLAB_BUILD_UID"]) != run + 1:
        raise SystemExit(f"grade: PARLAB_BUILD_UID={os.environ['PARLAB_BUILD_UID']}: the build uid is always "
                         f"the run uid + 1 ({run + 1}); unset it")
    for uid in (run, run + 1):
        try:
            name = pwd.getpwuid(uid).pw_name
        except KeyError:
            continue
        raise SystemExit(f"grade: uid {uid} belongs to the account '{name}': choose another PARLAB_SANDBOX_UID "
                         f"(the grader kills every process of its uids)")
    return UidPair(run)


def lock_dir() -> Path:
    for d in LOCK_DIRS:
        if os.path.isdir(d) and os.access(d, os.W_OK):
            return Path(d)
    raise SystemExit("grade: no writable /run/lock, /var/lock or /run for the grader's uid locks")


def _open_lock(path: Path):
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    return os.fdopen(fd, "r+")


@contextmanager
def _held(path: Path, waiting: str):
    """An exclusive flock on path, said in the log when it has to wait."""
    f = _open_lock(path)
    try:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(waiting)
            fcntl.flock(f, fcntl.LOCK_EX)
        yield
    finally:
        f.close()


@contextmanager
def workspace_lock(ws: Path):
    """One grader at a time in a workspace (whatever its TMPDIR or uid)."""
    ws.mkdir(parents=True, exist_ok=True)
    with _held(ws / ".grader.lock", f"another grader is using {ws}: waiting for it"):
        yield


@contextmanager
def uid_lock(preferred: int | None):
    """The uid pair this grader uses while it holds the lock. As non-root there
    is no pair (the submission runs as the grader's own user): yields None."""
    if not is_root():
        yield None
        return
    forced = os.environ.get("PARLAB_SANDBOX_UID")
    if forced is not None:
        pair = check_pair(int(forced))
        with _held(uid_lock_path(pair.run), f"another grader uses {pair}: waiting for it"):
            yield pair
        return
    pool = [POOL_BASE + 2 * k for k in range(POOL_PAIRS)]
    if preferred in pool:
        pool.remove(preferred)
        pool.insert(0, preferred)
    pool = [u for u in pool if _free_account(u)]
    while True:
        for run in pool:
            f = try_uid_lock(run)
            if f is None:
                continue
            try:
                yield UidPair(run)
            finally:
                f.close()
            return
        log(f"all {len(pool)} grader uid pairs are busy: waiting")
        time.sleep(1.0)


def uid_lock_path(run: int) -> Path:
    return lock_dir() / f"parlab-grader-uid-{run}.lock"


def try_uid_lock(run: int):
    """The uid lock of `run` if it is free now (an open file: close it to release), else None."""
    f = _open_lock(uid_lock_path(run))
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return f
    except BlockingIOError:
        f.close()
        return None


def _free_account(run: int) -> bool:
    for uid in (run, run + 1):
        try:
            pwd.getpwuid(uid)
            return False
        except KeyError:
            pass
    return True
