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
Limits everywhere: a time limit that counts the seconds its cores were free, with
the wall clock as a backstop (clock.py), RLIMIT_CPU, memory (a memory cgroup where
the grader can make one; RLIMIT_AS sized for what processes map: limits.py),
NPROC, FSIZE, NOFILE, no core.
Not root: limits and timeouts only, and the output says so.
"""
from __future__ import annotations

import functools
import os
import shlex
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .clock import BACKSTOP, run_watched
from .limits import MemoryCgroup, address_space_mb, busy_threads, cpu_limit_s
from .uids import UidPair
from .util import cause_line, have, is_root, read_tail

SYSTEM_DIRS = ("usr", "etc", "bin", "sbin", "lib", "lib32", "lib64", "libx32")

# The fixed place of the workspace inside every view: what a submission sees (compiler
# messages, argv, its cwd) names /parlab/..., never where the grader keeps its files.
VIEW_ROOT = "/parlab"

# Runs as root inside the new namespaces: builds the view in $1 and chroots. About 30
# programs started, not 60 (each costs a millisecond or two, and a grade starts a view for
# every compile check, build and run): what the host's system folders are is looked up
# once (_view_script), mount binds and makes read-only in one call (-o bind,ro), and the
# folders, links and device files are made a list at a time.
# Arguments: ROOT CWD [ro|rw HOST VIEW ...] -- COMMAND...   (CWD and VIEW: paths in the view)
_VIEW_SH = r"""
set -e
root=$1; cwd=$2; shift 2
mount -t tmpfs -o size=64m,mode=0755 parlab-sandbox "$root"
cd "$root"
mkdir -p @DIRS@ proc sys dev tmp var/tmp run
@LINKS@
for d in @DIRS@; do mount -o rbind,ro "/$d" "$d"; done
mount -t proc proc proc
mount -o rbind,ro /sys sys
for d in tmp var/tmp run; do mount -t tmpfs -o size=256m,mode=1777 tmpfs "$d"; done
mount -t tmpfs -o size=1m,mode=0755 tmpfs dev
mkdir -m 1777 run/lock dev/shm
ln -s /run/lock var/lock
@DEVICES@
mount -t tmpfs -o size=256m,mode=1777 tmpfs dev/shm
ln -s /proc/self/fd dev/fd
ln -s /proc/self/fd/0 dev/stdin
ln -s /proc/self/fd/1 dev/stdout
ln -s /proc/self/fd/2 dev/stderr
while [ "$1" != "--" ]; do
  mode=$1; host=$2; at=$3; shift 3
  mkdir -p "$root$at"
  if [ "$mode" = ro ]; then mount -o bind,ro "$host" "$root$at"; else mount --bind "$host" "$root$at"; fi
done; shift
if command -v ip >/dev/null 2>&1; then ip link set lo up 2>/dev/null || true; fi
exec chroot "$root" /bin/sh -c 'cd "$0" && exec "$@"' "$cwd" "$@"
"""
DEVICES = ("null", "zero", "full", "random", "urandom", "tty")


@functools.cache
def _view_script() -> str:
    """_VIEW_SH for this host: its system folders that are folders (bound read-only), those
    that are links (made again, in one `ln` where each points to a folder of its own name,
    as merged /usr has it), and its device files of DEVICES."""
    dirs = [d for d in SYSTEM_DIRS if os.path.isdir("/" + d) and not os.path.islink("/" + d)]
    links = {d: os.readlink("/" + d) for d in SYSTEM_DIRS if os.path.islink("/" + d)}
    same = [t for d, t in links.items() if os.path.basename(t.rstrip("/")) == d]
    other = [(d, t) for d, t in links.items() if os.path.basename(t.rstrip("/")) != d]
    ln = ([f"ln -s {' '.join(map(shlex.quote, same))} ."] if same else []) + \
        [f"ln -s {shlex.quote(t)} {shlex.quote(d)}" for d, t in other]
    devs = [n for n in DEVICES if os.path.exists("/dev/" + n)]
    dev = ([f"touch {' '.join('dev/' + n for n in devs)}"] if devs else []) + \
        [f"mount --bind /dev/{n} dev/{n}" for n in devs]
    return (_VIEW_SH.replace("@DIRS@", " ".join(dirs)).replace("@LINKS@", "\n".join(ln) or ":")
            .replace("@DEVICES@", "\n".join(dev) or ":"))


def view_command(scratch: Path, cwd: str, mounts: list[tuple[str, Path, str]], inner: list[str]) -> list[str]:
    """The command that runs `inner` (as root until it drops its rights itself) in new
    mount, PID, IPC and network namespaces, chrooted into a view built in `scratch` (an
    empty folder): the system read-only, private /tmp /run /dev/shm, a minimal /dev, and
    each (mode, host folder, path in the view) of `mounts`; `cwd` is a path in the view."""
    keeps = [x for mode, host, at in mounts for x in (mode, str(host), at)]
    return (["unshare", "--mount", "--pid", "--ipc", "--net", "--fork", "--kill-child", "--",
             "/bin/sh", "-c", _view_script(), "sandbox", str(scratch), cwd, *keeps, "--"] + inner)


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
    stop: str = ""          # what ended it, if not itself: time, cpu, busy (the machine), memory
    cpu_s: float = 0.0      # its CPU time (all its processes)
    other_cores: float = 0.0  # cores other processes kept busy meanwhile
    limit_s: float = 0.0    # its time limit (fair time: clock.py)
    cpu_limit_s: int = 0    # RLIMIT_CPU of each of its processes
    memory_mb: int = 0      # its memory limit (0: none)
    out: Path | None = None  # its whole output (stdout and stderr)

    @property
    def cause(self) -> str:
        """The output's line that says why it failed (util.CAUSES), or ""."""
        return cause_line(self.out) if self.out else ""

    @property
    def busy(self) -> bool:
        """Starved by other work: nothing can be said about the code (pending re-measurement)."""
        return self.stop == "busy"

    def why(self, timeout: float) -> str:
        limit = self.limit_s or timeout
        if self.stop == "busy":
            return (f"not measurable now: the machine was too busy - other processes kept {self.other_cores:.1f} cores "
                    f"busy, and in {self.elapsed:.0f} s it got {self.cpu_s:.1f} s of CPU (its time limit: {limit:g} s "
                    f"with its cores free); pending re-measurement, not a failure")
        if self.stop == "cpu":
            return (f"ran too long: it used its CPU time limit ({self.cpu_limit_s} s: {limit:g} s on every core it may use)"
                    " - an infinite loop, or far too slow")
        if self.stop == "memory":
            return f"killed: out of memory (it used more than its {self.memory_mb} MiB)"
        if self.timed_out:
            idle = (f"; it used only {self.cpu_s:.1f} s of CPU meanwhile: waiting for something that never "
                    "happens (a deadlock?)") if self.cpu_s < 0.2 * limit else ""
            return (f"killed: still running after the {limit:g} s time limit with its cores free (infinite loop, "
                    f"deadlock, or far too slow){idle}")
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
        self.deadline: float | None = None  # monotonic time by which every run must end (the grader's budget)
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

    def command(self, argv: list[str], cwd: Path, env: dict[str, str], memory_mb: int | None,
                cpu_s: int) -> tuple[list[str], Path | None]:
        lim = self.limits
        prl = ["prlimit", f"--nproc={lim['nproc']}", f"--fsize={lim['fsize_mb'] << 20}", "--core=0", "--nofile=1024",
               f"--cpu={cpu_s}:{cpu_s + 5}"]  # SIGXCPU, then SIGKILL should it ignore that
        if memory_mb:  # address space: memory plus what a process maps and never touches (limits.py)
            prl.append(f"--as={address_space_mb(memory_mb, env) << 20}")
        home = self.inside(cwd)
        base_env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8",
                    "MALLOC_ARENA_MAX": "2", "OMPI_MCA_plm_rsh_agent": "false", "OMPI_MCA_shmem_mmap_enable_nfs_warning": "0",
                    "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "OMPI_MCA_rmaps_base_oversubscribe": "1",
                    # a rank that fails ends the run at once, not 1-2 s later (mpirun's wait between
                    # SIGTERM and SIGKILL to the other ranks: the sandbox's own limits stop the rest)
                    "OMPI_MCA_odls_base_sigkill_timeout": "0"}
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
        # the program must not be the namespace's init (PID 1), which the kernel spares every
        # signal it has no handler for (RLIMIT_CPU's SIGXCPU among them): a shell is, and it
        # reports the program's end as 128 + signal
        inner = prl + ["--"] + drop + envv + ["/bin/sh", "-c", '"$@"; exit $?', "sandbox-init"] + argv
        return view_command(view, home, mounts, inner), view

    def run(self, argv: list[str], cwd: Path, timeout: float, env: dict[str, str], memory_mb: int | None) -> Run:
        """Runs argv; `timeout` counts the seconds its cores were free (clock.py), up to a
        wall-clock backstop that the grader's deadline may shorten."""
        out_path = cwd.parent / (cwd.name + ".out")
        wall = BACKSTOP * timeout
        if self.deadline is not None:
            wall = max(1.0, min(wall, self.deadline - time.monotonic()))
        cpu_s = cpu_limit_s(timeout, env)
        cmd, view = self.command(argv, cwd, env, memory_mb, cpu_s)
        cg = MemoryCgroup.make(memory_mb) if memory_mb and self.root else None
        t0 = time.monotonic()
        try:
            with open(out_path, "wb") as out:
                rc, stop, clock = run_watched(cg.wrap(cmd) if cg else cmd, cwd, out, timeout, wall,
                                              busy_threads(env), self.uid if self.root else None)
            elapsed = time.monotonic() - t0
            self.sweep()
            output = read_tail(out_path)
            stop = stop or ("memory" if cg and cg.oom_killed() else "cpu" if _cpu_limited(rc, output) else "")
        finally:
            if cg:
                cg.remove()
        if view is not None:
            try:
                view.rmdir()  # the tmpfs over it went with the mount namespace
            except OSError:
                pass
        return Run(rc, stop in ("time", "busy", "cpu"), elapsed, output, cwd, stop, clock.cpu, clock.other_cores,
                   timeout, cpu_s, memory_mb or 0, out_path)

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


def _cpu_limited(rc: int, output: str) -> bool:
    """Killed by RLIMIT_CPU: SIGXCPU, or mpirun saying a rank was."""
    return rc in (-signal.SIGXCPU, 128 + signal.SIGXCPU) or "exited on signal 24" in output


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
