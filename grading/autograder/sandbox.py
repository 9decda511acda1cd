"""Running one untrusted command (a test, a benchmark) of a submission.

As root, with namespaces: the command runs as the grader's run uid in its own
mount, PID, IPC and network namespaces, chrooted into a view built for it:
  - read-only: the system (/usr, /etc, /bin, /lib*, /sbin, /sys) and the
    folders the grader names (the workspace's build folder(s) and sources);
  - writable: its own run folder only;
  - empty and private: /tmp, /var/tmp, /run (so /run/lock and /var/lock),
    /dev/shm; /dev holds only null, zero, full, random, urandom, tty;
  - no network (only its own loopback), no SysV IPC of the host, and every
    process it starts dies with it (PID namespace).
Nothing else of the machine is visible: not the workspace's parents, not other
submissions, not the grader. When it ends the namespaces and their tmpfs go
away: it leaves nothing behind but its run folder.
Limits everywhere: timeout (SIGKILL), RLIMIT_AS, NPROC, FSIZE, NOFILE, no core.
Not root: limits and timeouts only, and the output says so.
"""
from __future__ import annotations

import functools
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .uids import UidPair
from .util import have, is_root, read_tail

SYSTEM_DIRS = ("usr", "etc", "bin", "sbin", "lib", "lib32", "lib64", "libx32")

# The fixed place of the workspace inside every view: what a submission sees (compiler
# messages, argv, its cwd) names /parlab/..., never where the grader keeps its files.
VIEW_ROOT = "/parlab"

# Runs as root inside the new namespaces: builds the view in $1 and chroots.
# Arguments: ROOT CWD [ro|rw HOST VIEW ...] -- COMMAND...   (CWD and VIEW: paths in the view)
_VIEW_SH = r"""
set -e
root=$1; cwd=$2; shift 2
mount -t tmpfs -o size=64m,mode=0755 parlab-sandbox "$root"
for d in SYSTEM_DIRS; do
  if [ -L "/$d" ]; then ln -s "$(readlink "/$d")" "$root/$d"
  elif [ -d "/$d" ]; then
    mkdir "$root/$d"; mount --rbind "/$d" "$root/$d"; mount -o remount,bind,ro "$root/$d"
  fi
done
mkdir -p "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/var/tmp" "$root/run"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"; mount -o remount,bind,ro "$root/sys"
for d in tmp var/tmp run; do mount -t tmpfs -o size=256m,mode=1777 tmpfs "$root/$d"; done
mkdir -m 1777 "$root/run/lock"; ln -s /run/lock "$root/var/lock"
mount -t tmpfs -o size=1m,mode=0755 tmpfs "$root/dev"
for n in null zero full random urandom tty; do
  [ -e "/dev/$n" ] && touch "$root/dev/$n" && mount --bind "/dev/$n" "$root/dev/$n"
done
mkdir -m 1777 "$root/dev/shm"; mount -t tmpfs -o size=256m,mode=1777 tmpfs "$root/dev/shm"
ln -s /proc/self/fd "$root/dev/fd"
for i in 0 1 2; do ln -s "/proc/self/fd/$i" "$root/dev/$(echo stdin stdout stderr | cut -d' ' -f$((i + 1)))"; done
while [ "$1" != "--" ]; do
  mode=$1; host=$2; at=$3; shift 3
  mkdir -p "$root$at"; mount --bind "$host" "$root$at"
  [ "$mode" = ro ] && mount -o remount,bind,ro "$root$at"
done; shift
if command -v ip >/dev/null 2>&1; then ip link set lo up 2>/dev/null || true; fi
exec chroot "$root" /bin/sh -c 'cd "$0" && exec "$@"' "$cwd" "$@"
""".replace("SYSTEM_DIRS", " ".join(SYSTEM_DIRS))


def view_command(scratch: Path, cwd: str, mounts: list[tuple[str, Path, str]], inner: list[str]) -> list[str]:
    """The command that runs `inner` (as root until it drops its rights itself) in new
    mount, PID, IPC and network namespaces, chrooted into a view built in `scratch` (an
    empty folder): the system read-only, private /tmp /run /dev/shm, a minimal /dev, and
    each (mode, host folder, path in the view) of `mounts`; `cwd` is a path in the view."""
    keeps = [x for mode, host, at in mounts for x in (mode, str(host), at)]
    return (["unshare", "--mount", "--pid", "--ipc", "--net", "--fork", "--kill-child", "--",
             "/bin/sh", "-c", _VIEW_SH, "sandbox", str(scratch), cwd, *keeps, "--"] + inner)


def namespaces_available() -> bool:
    """As root with unshare, setpriv and chroot: every untrusted step (the build, each
    test) runs in a view of its own."""
    return is_root() and have("unshare") and have("setpriv") and _probe_ns()


@dataclass
class Run:
    rc: int
    timed_out: bool
    elapsed: float
    output: str
    dir: Path

    def why(self, timeout: float) -> str:
        if self.timed_out:
            return f"killed: still running after the {timeout:g} s time limit (infinite loop, deadlock, or far too slow)"
        if self.rc < 0 or self.rc > 128:
            sig = -self.rc if self.rc < 0 else self.rc - 128
            try:
                name = signal.Signals(sig).name
            except ValueError:
                name = f"signal {sig}"
            hint = {"SIGSEGV": " (segmentation fault: an index out of range?)", "SIGKILL": " (killed: out of memory or time?)",
                    "SIGABRT": " (aborted: an uncaught exception or a failed assert?)"}.get(name, "")
            return f"crashed: {name}{hint}"
        return f"exit status {self.rc}"


@functools.cache
def _probe_ns() -> bool:
    try:
        r = subprocess.run(["unshare", "--mount", "--pid", "--ipc", "--net", "--fork", "--kill-child", "true"],
                           capture_output=True, timeout=20)
        return r.returncode == 0 and have("chroot")
    except (OSError, subprocess.TimeoutExpired):
        return False


class Sandbox:
    def __init__(self, limits: dict, pair: UidPair | None, readonly: list[Path], inside=str, isolate: bool = True):
        """`readonly`: host folders the command may read; `inside(path)`: where a host
        path of the workspace is in the view (the workspace names the paths of argv)."""
        self.limits = limits
        self.pair = pair
        self.root = is_root() and isolate and pair is not None
        self.uid = pair.run if pair else os.getuid()
        self.readonly = [p for p in readonly if p.exists()]
        self.ns = self.root and namespaces_available()
        self.inside = inside if self.ns else str
        self.counter = 0
        if self.root:
            _become_subreaper()

    def note(self) -> str:
        if self.ns:
            return ""
        if self.root:
            return "note: namespaces unavailable here; submissions run as an unprivileged user with limits only."
        return ("note: the grader is not root, so submissions run as the grader's own user with limits only; "
                "run it as root (e.g. in a container) to isolate them.")

    def new_dir(self, base: Path) -> Path:
        self.counter += 1
        d = base / f"{self.counter:03d}-{os.urandom(4).hex()}"
        d.mkdir(parents=True)
        if self.root:
            os.chown(d, self.uid, self.uid)
        d.chmod(0o700)
        return d

    def command(self, argv: list[str], cwd: Path, env: dict[str, str], memory_mb: int | None) -> tuple[list[str], Path | None]:
        lim = self.limits
        prl = ["prlimit", f"--nproc={lim['nproc']}", f"--fsize={lim['fsize_mb'] << 20}", "--core=0", "--nofile=1024"]
        if memory_mb:
            prl.append(f"--as={memory_mb << 20}")
        home = self.inside(cwd)
        base_env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8",
                    "MALLOC_ARENA_MAX": "2", "OMPI_MCA_plm_rsh_agent": "false", "OMPI_MCA_shmem_mmap_enable_nfs_warning": "0",
                    "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "OMPI_MCA_rmaps_base_oversubscribe": "1"}
        envv = ["env", "-i"] + [f"{k}={v}" for k, v in {**base_env, **env}.items()]
        if not self.root:
            return prl + ["--"] + envv + argv, None
        drop = ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups", "--inh-caps=-all", "--"]
        inner = prl + ["--"] + drop + envv + argv
        if not self.ns:
            return ["/bin/sh", "-c", 'cd "$1"; shift; exec "$@"', "sandbox", str(cwd)] + inner, None
        view = cwd.parent / (cwd.name + ".root")
        view.mkdir(mode=0o755)
        mounts = [("ro", p, self.inside(p)) for p in self.readonly] + [("rw", cwd, home)]
        return view_command(view, home, mounts, inner), view

    def run(self, argv: list[str], cwd: Path, timeout: float, env: dict[str, str], memory_mb: int | None) -> Run:
        out_path = cwd.parent / (cwd.name + ".out")
        cmd, view = self.command(argv, cwd, env, memory_mb)
        # SIGKILL at once: nothing in the sandbox deserves a grace period, and unshare
        # would only pass SIGTERM on to a program that may ignore it
        full = ["timeout", "-s", "KILL", f"{timeout:g}"] + cmd
        t0 = time.monotonic()
        with open(out_path, "wb") as out:
            try:
                p = subprocess.run(full, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                   timeout=timeout + 20)
                rc = p.returncode
            except subprocess.TimeoutExpired:
                rc = 124
        elapsed = time.monotonic() - t0
        self.sweep()
        if view is not None:
            try:
                view.rmdir()  # the tmpfs over it went with the mount namespace
            except OSError:
                pass
        # timeout exits 124, or dies with its own SIGKILL: either way, out of time
        timed_out = rc != 0 and elapsed >= timeout - 0.5
        return Run(rc, timed_out, elapsed, read_tail(out_path), cwd)

    def sweep(self) -> None:
        """Kill any process of the run uid still alive (one that escaped when no
        PID namespace was available). The uid lock makes the uid this grader's."""
        if not self.root:
            return
        for _ in range(10):
            _reap()
            pids = pids_of(self.uid)
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.1)
        _reap()


def pids_of(uid: int) -> list[int]:
    pids = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            for line in (d / "status").read_text().splitlines():
                if line.startswith("Uid:"):
                    if int(line.split()[1]) == uid:
                        pids.append(int(d.name))
                    break
        except (OSError, ValueError):
            pass
    return pids


def _become_subreaper() -> None:
    """Orphans of a killed sandbox are re-parented to the grader, which reaps them:
    no zombie keeps counting against the run uid's process limit."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
