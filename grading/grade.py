#!/usr/bin/env python3
"""parlab autograder: grade one submission (or a folder of them) for one assignment.

    grading/grade.py --assignment 01-sequential --submission path/to/files-or-tree
    grading/grade.py --assignment 01 --batch submissions/ --out graded/
    grading/grade.py --assignment 01 --prepare              # build the release once
    grading/grade.py --assignment 01 --package dist/gradescope-01.zip

What it does, in order (each step has a timeout; nothing a submission does can
stop the grader from writing a valid results.json):
 1. Workspace: the student release of the assignment's modules (made from this
    repository with tools/make_release.py, or --release DIR), copied and built
    ONCE (Release, only the targets the rubric needs). Later submissions only
    recompile the files they change.
 2. Submission: ONLY the exercise files named in the rubric are taken from the
    submission (flat files or a whole tree; looked up by path, then by name).
    Everything else - tests, CMake, common/ - comes from the pristine release;
    changed copies of those files are reported as ignored.
 3. Clean build of release + submission (timeout, memory limit). A compile error
    gives zero for every item and shows the compiler's message.
 4. Each rubric item runs as its own process, as an unprivileged user (root only:
    setpriv to a dedicated uid, a private /tmp, a PID namespace so every child dies
    with it), with timeout -k, RLIMIT_AS, RLIMIT_NPROC, RLIMIT_FSIZE and no core
    files, in a fresh folder that user owns. Verdicts come from evidence the grader
    checks, never from what the program prints: a Catch2 JUnit report (written at
    the end of a complete run, so exit(0) or a crash mid-test leaves none) plus
    the exit status; for performance, the driver's --json records (validated,
    speedup_vs_<baseline>, efficiency, rate) measured in the same run.
 5. Output: Gradescope results.json (with a GFLOP/s leaderboard), JUnit XML and a
    readable summary table.

Points, thresholds, sizes and limits are data: grading/rubrics/<assignment>.json.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_LIMITS = {
    "build_timeout_s": 600,     # the first (workspace) build; a submission rebuild gets the same
    "test_timeout_s": 60,       # per item unless the item says otherwise
    "memory_mb": 2048,          # RLIMIT_AS per process (virtual memory)
    "nproc": 256,               # RLIMIT_NPROC for the sandbox user (threads count too)
    "fsize_mb": 64,             # largest file a test may write (also caps its output)
    "max_file_kb": 512,         # largest exercise file accepted from a submission
}
SANDBOX_UID = int(os.environ.get("PARLAB_SANDBOX_UID", "47000"))  # runs submissions; no other process uses it
BUILD_UID = int(os.environ.get("PARLAB_BUILD_UID", str(SANDBOX_UID + 1)))  # compiles them; owns the build folders
OUTPUT_TAIL = 2500


# ---------------------------------------------------------------- small helpers
def log(msg: str) -> None:
    print(f"[grade] {msg}", file=sys.stderr, flush=True)


def tail(text: str, n: int = OUTPUT_TAIL) -> str:
    text = text.replace("\0", "")
    return text if len(text) <= n else "...(earlier output cut)...\n" + text[-n:]


def read_tail(path: Path, n: int = OUTPUT_TAIL) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - n))
            data = f.read().decode("utf-8", errors="replace")
        return ("...(earlier output cut)...\n" if size > n else "") + data
    except OSError:
        return ""


def tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def file_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def is_root() -> bool:
    return os.geteuid() == 0


def have(cmd: str) -> bool:
    return shutil.which(cmd) is not None


# ---------------------------------------------------------------- rubric
def find_rubric(name: str) -> Path:
    p = Path(name)
    if p.suffix == ".json" and p.exists():
        return p
    rubrics = HERE / "rubrics"
    cands = sorted(rubrics.glob("*.json")) if rubrics.is_dir() else []
    exact = [c for c in cands if c.stem == name]
    pref = [c for c in cands if c.stem.startswith(name)]
    if exact or len(pref) == 1:
        return (exact or pref)[0]
    raise SystemExit(f"grade: --assignment: no rubric '{name}' (have: {', '.join(c.stem for c in cands) or 'none'})")


def load_rubric(path: Path) -> dict:
    try:
        r = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise SystemExit(f"grade: rubric {path}: {e}")
    for key in ("assignment", "modules", "files", "items"):
        if key not in r:
            raise SystemExit(f"grade: rubric {path}: missing '{key}'")
    names = set()
    for it in r["items"]:
        if it.get("type") not in ("catch2", "race", "performance"):
            raise SystemExit(f"grade: rubric {path}: item {it.get('name')!r}: type must be catch2, race or performance")
        if it["name"] in names:
            raise SystemExit(f"grade: rubric {path}: duplicate item name {it['name']!r}")
        names.add(it["name"])
        if it["type"] == "performance" and "bands" not in it:
            raise SystemExit(f"grade: rubric {path}: item {it['name']!r}: performance needs bands")
    r["limits"] = {**DEFAULT_LIMITS, **r.get("limits", {})}
    r["_path"] = str(path)
    return r


def item_points(it: dict) -> float:
    if it["type"] == "performance":
        return float(max(b["points"] for b in it["bands"]))
    return float(it["points"])


def exe_name(it: dict) -> str:
    if it["type"] == "performance":
        return Path(it["argv"][0]).name
    return it["exe"]


# ---------------------------------------------------------------- the sandbox
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


# Inside the new mount namespace: an empty tmpfs over each shared temporary folder.
# If the workspace itself lies in one (a checkout under /tmp), its top folder is
# bind-mounted aside first and moved back onto the same path over the new tmpfs,
# so the submission still sees its workspace but never the real /tmp.
_SANDBOX_SH = r'''
set -e
cd "$1"; shift
cwd=$(pwd -P)
while [ "$1" != "--" ]; do
  d=$1; shift
  case "$cwd/" in
    "$d"/*)
      top=$d/$(printf '%s' "${cwd#"$d"/}" | cut -d/ -f1)
      keep=$(mktemp -d /run/parlab-keep.XXXXXX)
      mount --bind "$top" "$keep"
      mount -t tmpfs -o size=256m,mode=1777 tmpfs "$d"
      mkdir -p "$top"
      mount --move "$keep" "$top"
      rmdir "$keep" ;;
    *) mount -t tmpfs -o size=256m,mode=1777 tmpfs "$d" ;;
  esac
done; shift
cd "$cwd"
exec "$@"
'''


class Sandbox:
    """Runs commands as an unprivileged user with limits. As root: a dedicated uid,
    private /tmp, /var/tmp, /dev/shm and a PID namespace (every process it starts
    dies with it). Not root: limits and timeouts only (say so in the output)."""

    def __init__(self, limits: dict, isolate: bool = True):
        self.limits = limits
        self.root = is_root() and isolate
        self.uid = SANDBOX_UID
        self.ns = self.root and have("unshare") and have("setpriv") and self._probe_ns()
        self.counter = 0
        if self.root:
            self._become_subreaper()

    @staticmethod
    def _become_subreaper() -> None:
        """Orphans of a killed sandbox (e.g. the PID namespace's first process) are
        re-parented to the grader, which reaps them: no zombie keeps counting
        against the sandbox user's process limit."""
        try:
            import ctypes
            ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
        except (OSError, AttributeError):
            pass

    @staticmethod
    def reap() -> None:
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return

    @staticmethod
    def _probe_ns() -> bool:
        try:
            r = subprocess.run(["unshare", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc", "true"],
                               capture_output=True, timeout=20)
            return r.returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            return False

    def note(self) -> str:
        if self.ns:
            return ""
        if self.root:
            return "note: namespaces unavailable here; submissions run as an unprivileged user with limits only."
        return ("note: the grader is not root, so submissions run as the grader's own user with limits only; "
                "run it as root (e.g. in a container) to isolate them.")

    @staticmethod
    def private_dirs() -> list[str]:
        """World-writable folders the sandbox gets its own empty copy of (also one
        that holds the workspace: _SANDBOX_SH keeps the workspace visible)."""
        return [d for d in ("/tmp", "/var/tmp", "/dev/shm") if Path(d).is_dir() and not Path(d).is_symlink()]

    def new_dir(self, base: Path) -> Path:
        self.counter += 1
        d = base / f"{self.counter:03d}-{os.urandom(4).hex()}"
        d.mkdir(parents=True)
        if self.root:
            os.chown(d, self.uid, self.uid)
        d.chmod(0o700)
        return d

    def run(self, argv: list[str], cwd: Path, timeout: float, env: dict[str, str], memory_mb: int | None) -> Run:
        lim = self.limits
        out_path = cwd.parent / (cwd.name + ".out")
        prl = ["prlimit", f"--nproc={lim['nproc']}", f"--fsize={lim['fsize_mb'] << 20}", "--core=0", "--nofile=1024"]
        if memory_mb:
            prl.append(f"--as={memory_mb << 20}")
        base_env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(cwd), "TMPDIR": str(cwd), "LANG": "C.UTF-8",
                    "MALLOC_ARENA_MAX": "2", "OMPI_MCA_plm_rsh_agent": "false", "OMPI_MCA_shmem_mmap_enable_nfs_warning": "0",
                    "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "OMPI_MCA_rmaps_base_oversubscribe": "1"}
        envv = ["env", "-i"] + [f"{k}={v}" for k, v in {**base_env, **env}.items()]
        if self.root:
            drop = ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups", "--inh-caps=-all", "--"]
            inner = prl + ["--"] + drop + envv + argv
            if self.ns:
                cmd = ["unshare", "--mount", "--pid", "--fork", "--kill-child", "--mount-proc", "--",
                       "/bin/sh", "-c", _SANDBOX_SH, "sandbox", str(cwd), *self.private_dirs(), "--"] + inner
            else:
                cmd = ["/bin/sh", "-c", 'cd "$1"; shift; exec "$@"', "sandbox", str(cwd)] + inner
        else:
            cmd = prl + ["--"] + envv + argv
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
        # timeout exits 124, or dies with its own SIGKILL after -k: either way, out of time
        timed_out = rc != 0 and elapsed >= timeout - 0.5
        return Run(rc, timed_out, elapsed, read_tail(out_path), cwd)

    def sweep(self) -> None:
        """Kill any process of the dedicated sandbox uid still alive (a child that
        escaped the process group when no PID namespace was available)."""
        if not self.root:
            return
        for _ in range(10):
            self.reap()
            pids = []
            for d in Path("/proc").iterdir():
                if not d.name.isdigit():
                    continue
                try:
                    for line in (d / "status").read_text().splitlines():
                        if line.startswith("Uid:"):
                            if int(line.split()[1]) == self.uid:
                                pids.append(int(d.name))
                            break
                except (OSError, ValueError):
                    pass
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.1)
        self.reap()


# ---------------------------------------------------------------- workspace
def preset_cache(src: Path, name: str) -> dict[str, str]:
    """The cache variables of a configure preset of the release (CMakePresets.json),
    inherited ones included: the grader builds exactly what `cmake --preset` builds."""
    try:
        presets = {p["name"]: p for p in json.loads((src / "CMakePresets.json").read_text())["configurePresets"]}
    except (OSError, ValueError, KeyError):
        return {}
    out: dict[str, str] = {}

    def visit(n: str, depth: int = 0) -> None:
        p = presets.get(n)
        if not p or depth > 10:
            return
        inh = p.get("inherits", [])
        for parent in reversed([inh] if isinstance(inh, str) else inh):
            visit(parent, depth + 1)
        for k, v in p.get("cacheVariables", {}).items():
            out[k] = v["value"] if isinstance(v, dict) else str(v)
    visit(name)
    out.pop("CMAKE_EXPORT_COMPILE_COMMANDS", None)
    return {k: v.replace("${sourceDir}", str(src)) for k, v in out.items()}


class Workspace:
    """release copy + build folders, built once per release content."""

    def __init__(self, ws: Path, release: Path, rubric: dict, jobs: int, race: bool = True):
        ws = self.reachable(ws)
        self.ws, self.release, self.rubric, self.jobs = ws.resolve(), release.resolve(), rubric, jobs
        self.race = race
        self.src, self.build, self.tsan = self.ws / "src", self.ws / "build", self.ws / "build-tsan"
        self.runs = self.ws / "runs"
        self.manifest_path = self.ws / "manifest.json"

    def targets(self, race: bool) -> list[str]:
        t = {exe_name(it) for it in self.rubric["items"] if (it["type"] == "race") == race}
        return sorted(t)

    def want_tsan(self) -> bool:
        return self.race and any(it["type"] == "race" for it in self.rubric["items"])

    def tsan_available(self) -> bool:
        return have("clang++-14")

    def stamp(self) -> str:
        h = hashlib.sha256(tree_hash(self.release).encode())
        h.update(json.dumps(sorted(self.targets(False) + self.targets(True))).encode())
        return h.hexdigest()

    def ready(self) -> bool:
        try:
            return (self.ws / ".ready").read_text() == self.stamp()
        except OSError:
            return False

    @staticmethod
    def reachable(ws: Path) -> Path:
        """As root, the sandbox uids must reach the workspace. If a parent folder is
        private (a checkout under /root), the workspace lives under /var/tmp and the
        requested path becomes a link to it."""
        if not is_root():
            return ws
        ws = Path(os.path.abspath(ws))
        blocked = [p for p in ws.parents if p.exists() and not (p.stat().st_mode & 0o001)]
        if not blocked or ws.is_symlink():
            return ws
        real = Path("/var/tmp/parlab-grading") / hashlib.sha256(str(ws).encode()).hexdigest()[:16]
        real.mkdir(parents=True, exist_ok=True)
        for p in (real.parent, real):
            p.chmod(0o755)
        if ws.exists() and not ws.is_symlink():
            shutil.rmtree(ws)
        ws.parent.mkdir(parents=True, exist_ok=True)
        ws.symlink_to(real, target_is_directory=True)
        log(f"{ws} is not reachable by the sandbox user ({blocked[0]} is private): workspace at {real}")
        return ws

    def check_reachable(self) -> None:
        if not is_root():
            return
        for p in [self.ws, *self.ws.parents]:
            if p.exists() and not (p.stat().st_mode & 0o001):
                raise SystemExit(f"grade: the sandbox user cannot reach {self.ws} ({p} is not world-searchable): "
                                 f"choose --workspace under /var/tmp or chmod o+x {p}")

    def configure_and_build(self, build: Path, tsan: bool, log_path: Path) -> tuple[bool, str]:
        args = ["cmake", "-S", str(self.src), "-B", str(build), "-DPARLAB_BUILD_TESTS=ON"]
        cache = preset_cache(self.src, "tsan" if tsan else "release")
        if tsan and not cache:
            cache = {"CMAKE_BUILD_TYPE": "RelWithDebInfo", "CMAKE_CXX_COMPILER": "clang++-14", "PARLAB_RACECHECK": "ON",
                     "PARLAB_WITH_MPI": "OFF", "CMAKE_CXX_FLAGS": "-fsanitize=thread -fno-omit-frame-pointer",
                     "CMAKE_EXE_LINKER_FLAGS": "-fsanitize=thread"}
        cache.setdefault("CMAKE_BUILD_TYPE", "Release")
        args += [f"-D{k}={v}" for k, v in cache.items()]
        build.mkdir(parents=True, exist_ok=True)
        if is_root():
            os.chown(build, BUILD_UID, BUILD_UID)
        with open(log_path, "wb") as lf:
            r = subprocess.run(self.as_builder(build, args), stdout=lf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        if r.returncode != 0:
            return False, read_tail(log_path, 4000)
        return self.build_targets(build, self.targets(tsan), log_path)

    @staticmethod
    def as_builder(build: Path, cmd: list[str]) -> list[str]:
        """As root, compile as a second unprivileged uid that owns only the build
        folder: student code is compiled (and #included) with no more rights than it
        runs with, and the uid that runs the tests cannot change the binaries."""
        if not is_root():
            return cmd
        return ["setpriv", f"--reuid={BUILD_UID}", f"--regid={BUILD_UID}", "--clear-groups", "--",
                "env", f"HOME={build}", f"TMPDIR={build}"] + cmd

    def build_targets(self, build: Path, targets: list[str], log_path: Path) -> tuple[bool, str]:
        if not targets:
            return True, ""
        lim = self.rubric["limits"]
        cmd = ["timeout", "-k", "5", str(lim["build_timeout_s"]), "prlimit", f"--as={max(lim['memory_mb'], 4096) << 20}",
               "--core=0", "--"] + self.as_builder(build, ["cmake", "--build", str(build), "-j", str(self.jobs),
                                                           "--target", *targets])
        with open(log_path, "wb") as lf:
            r = subprocess.run(cmd, stdout=lf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        if r.returncode in (124, 137):
            return False, f"the build took longer than {lim['build_timeout_s']} s and was stopped\n" + read_tail(log_path, 3000)
        return r.returncode == 0, read_tail(log_path, 6000)

    def prepare(self, force: bool = False) -> None:
        os.umask(0o022)
        self.ws.mkdir(parents=True, exist_ok=True)
        self.ws.chmod(0o755)
        self.check_reachable()
        if self.ready() and not force:
            log(f"workspace {self.ws} is ready (release unchanged)")
            return
        log(f"preparing workspace {self.ws} from release {self.release}")
        (self.ws / ".ready").unlink(missing_ok=True)
        for d in (self.src, self.build, self.tsan):
            shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(self.release, self.src, symlinks=True)
        t0 = time.monotonic()
        ok, out = self.configure_and_build(self.build, False, self.ws / "build.log")
        if not ok:
            raise SystemExit(f"grade: the pristine release does not build - fix the release first:\n{out}")
        if self.want_tsan() and self.tsan_available():
            ok, out = self.configure_and_build(self.tsan, True, self.ws / "build-tsan.log")
            if not ok:
                raise SystemExit(f"grade: the pristine release does not build with TSan:\n{out}")
        log(f"workspace built in {time.monotonic() - t0:.0f} s")
        self.manifest_path.write_text(json.dumps(file_hashes(self.release)))
        (self.ws / ".ready").write_text(self.stamp())

    def changed(self) -> list[str]:
        manifest = json.loads(self.manifest_path.read_text())
        out = []
        for rel, h in manifest.items():
            p = self.src / rel
            try:
                if p.is_symlink() or hashlib.sha256(p.read_bytes()).hexdigest() != h:
                    out.append(rel)
            except OSError:
                out.append(rel)
        return out

    def restore(self) -> list[str]:
        """Put every release file back as it was (exercise files from the last
        submission, and anything else that changed). Returns what was restored."""
        manifest = json.loads(self.manifest_path.read_text())
        fixed = []
        for rel, h in manifest.items():
            p = self.src / rel
            try:
                same = p.is_file() and not p.is_symlink() and hashlib.sha256(p.read_bytes()).hexdigest() == h
            except OSError:
                same = False
            if not same:
                if p.is_symlink() or p.is_dir():
                    shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink()
                p.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(self.release / rel, p)
                os.utime(p)  # newer than its object file: rebuilt
                fixed.append(rel)
        return fixed


# ---------------------------------------------------------------- submission
SKIP_DIRS = {".git", "build", "results", "node_modules", "__MACOSX", ".venv"}


def find_submitted(sub: Path, rel: str) -> Path | None:
    """The submission's copy of the exercise file `rel`: same relative path, else the
    same file name anywhere (the longest matching path suffix wins)."""
    direct = sub / rel
    if direct.is_file() and not direct.is_symlink():
        return direct
    name = Path(rel).name
    cands = []
    count = 0
    for root, dirs, files in os.walk(sub):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        count += len(files)
        if count > 20000:
            break
        if name in files:
            p = Path(root) / name
            if p.is_file() and not p.is_symlink():
                cands.append(p)
    if not cands:
        return None
    parts = rel.split("/")

    def suffix_len(p: Path) -> int:
        pp = p.relative_to(sub).parts
        n = 0
        while n < min(len(pp), len(parts)) and pp[-1 - n] == parts[-1 - n]:
            n += 1
        return n
    return sorted(cands, key=lambda p: (-suffix_len(p), len(p.parts)))[0]


def tree_root(sub: Path, found: dict[str, Path]) -> Path | None:
    """The folder of a whole-tree submission that plays the repository root."""
    for rel, p in found.items():
        if p.as_posix().endswith("/" + rel):
            root = Path(p.as_posix()[: -len(rel) - 1])
            if root == sub or sub in root.parents:
                return root
    return None


def ignored_changes(sub: Path, release: Path, files: list[str], root: Path | None) -> list[str]:
    """Files of a submission that differ from the release but are not exercise
    files: the grader uses its own copies (tampered tests change nothing). For a
    tree, by path from its root; for loose files, by name."""
    out = []
    by_name: dict[str, list[Path]] = {}
    for p in sorted(release.rglob("*")):
        if p.is_file():
            by_name.setdefault(p.name, []).append(p)
    exercise_names = {Path(f).name for f in files}

    def differs(s: Path, p: Path) -> bool:
        try:
            return s.is_file() and not s.is_symlink() and s.stat().st_size < (4 << 20) and s.read_bytes() != p.read_bytes()
        except OSError:
            return False
    if root is not None:
        for name, ps in by_name.items():
            for p in ps:
                rel = p.relative_to(release).as_posix()
                if rel not in files and differs(root / rel, p):
                    out.append(rel)
    else:
        for s in sorted(sub.iterdir()) if sub.is_dir() else []:
            if s.name in exercise_names or s.name not in by_name:
                continue
            if all(differs(s, p) for p in by_name[s.name]):
                out.append(s.name)
    return sorted(out)


# ---------------------------------------------------------------- verdicts
def catch_escape(name: str) -> str:
    for ch in "\\,[]":
        name = name.replace(ch, "\\" + ch)
    return name


def junit_verdict(reports: list[Path], case: str) -> tuple[bool, str]:
    """Grader-side evidence: every expected report exists, parses, names the case,
    ran assertions and records no failure or error."""
    if not reports:
        return False, "no test report"
    for rp in reports:
        if not rp.is_file():
            return False, ("no test report: the test process ended before Catch2 wrote its report "
                           "(a crash, exit() or abort in your code?)")
        try:
            root = ET.parse(rp).getroot()
        except ET.ParseError:
            return False, "the test report is incomplete (the process was killed or exited while writing it)"
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        cases = [tc for s in suites for tc in s.findall("testcase")]
        if not any(tc.get("name", "").endswith(case) or tc.get("name") == case for tc in cases):
            return False, f"the report does not contain the test case '{case}'"
        problems = []
        for tc in cases:
            for bad in tc.findall("failure") + tc.findall("error"):
                msg = (bad.get("message") or "").strip()
                body = (bad.text or "").strip()
                problems.append(f"{bad.tag}: {msg}\n{body}".strip())
        if problems:
            text = "\n".join(problems)
            if "not implemented" in text.lower():
                return False, "not implemented yet:\n" + tail(text, 1500)
            return False, "failed:\n" + tail(text, 1500)
        asserts = sum(int(s.get("tests", "0") or 0) for s in suites)
        if asserts == 0:
            return False, "the test ran no checks"
    return True, "passed"


def select_record(records: list[dict], match: dict) -> dict | None:
    hits = [r for r in records if all(r.get(k) == v for k, v in match.items())]
    return hits[-1] if hits else None


# ---------------------------------------------------------------- grading
@dataclass
class Result:
    name: str
    max_score: float
    score: float = 0.0
    output: str = ""
    visibility: str = "visible"
    kind: str = "catch2"
    value: float | None = None
    counted: bool = True

    @property
    def status(self) -> str:
        return "passed" if self.score >= self.max_score else "failed"


@dataclass
class Grade:
    assignment: str
    results: list[Result] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    leaderboard: list[dict] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    @property
    def score(self) -> float:
        return round(sum(r.score for r in self.results if r.counted), 3)

    @property
    def max_score(self) -> float:
        return round(sum(r.max_score for r in self.results if r.counted), 3)

    def table(self) -> str:
        w = max([len(r.name) for r in self.results] + [20])
        lines = [f"parlab {self.assignment}: {self.score:g} / {self.max_score:g} points", "",
                 f"{'item':<{w}}  {'points':>9}  status  detail", "-" * (w + 40)]
        for r in self.results:
            first = (r.output.strip().splitlines() or [""])[0][:70]
            pts = f"{r.score:g}/{r.max_score:g}" if r.counted else "-"
            lines.append(f"{r.name:<{w}}  {pts:>9}  {r.status if r.counted else 'n/a':<6}  {first}")
        if self.notes:
            lines += [""] + self.notes
        return "\n".join(lines)

    def gradescope(self) -> dict:
        return {
            "score": self.score,
            "max_score": self.max_score,
            "execution_time": round(time.monotonic() - self.started, 1),
            "output": self.table(),
            "visibility": "visible",
            "stdout_visibility": "hidden",
            "tests": [{"name": r.name, "score": r.score, "max_score": r.max_score if r.counted else 0,
                       "status": r.status, "output": r.output, "visibility": r.visibility} for r in self.results],
            "leaderboard": self.leaderboard,
        }

    def junit(self) -> str:
        suite = ET.Element("testsuite", name=f"parlab-{self.assignment}", tests=str(len(self.results)),
                           failures=str(sum(r.status == "failed" for r in self.results if r.counted)),
                           time=f"{time.monotonic() - self.started:.1f}")
        for r in self.results:
            tc = ET.SubElement(suite, "testcase", classname=f"parlab.{self.assignment}", name=r.name)
            ET.SubElement(tc, "system-out").text = f"score {r.score:g}/{r.max_score:g}\n{r.output}"
            if not r.counted:
                ET.SubElement(tc, "skipped", message=(r.output.splitlines() or [""])[0])
            elif r.status == "failed":
                ET.SubElement(tc, "failure", message=(r.output.splitlines() or ["failed"])[0][:200])
        return ET.tostring(suite, encoding="unicode")


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    os.replace(tmp, path)


class Grader:
    def __init__(self, rubric: dict, ws: Workspace, sandbox: Sandbox, test_timeout: float | None, budget: float | None,
                 skip_race: bool = False, skip_performance: bool = False):
        self.r, self.ws, self.sb = rubric, ws, sandbox
        self.test_timeout = test_timeout
        self.budget = budget or float(rubric.get("budget_s", 540))
        self.skip_race = skip_race
        self.skip_performance = skip_performance

    def grade(self, sub: Path, results_path: Path | None) -> Grade:
        # One grader at a time per sandbox uid: the sweep after each run kills every
        # process of that uid, which must not hit another grader's tests.
        import fcntl
        with open(Path(tempfile.gettempdir()) / f"parlab-grader-{self.sb.uid}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            return self._grade(sub, results_path)

    def _grade(self, sub: Path, results_path: Path | None) -> Grade:
        g = Grade(self.r["assignment"])
        items = self.r["items"]
        g.results = [Result(it["name"], item_points(it), kind=it["type"], visibility=it.get("visibility", "visible"))
                     for it in items]
        for res in g.results:
            res.output = "not graded: the grader stopped before this item (time budget)"
        if results_path:  # a valid results.json exists from the first second on
            write_json(results_path, g.gradescope())
        deadline = g.started + self.budget
        note = self.sb.note()
        if note:
            g.notes.append(note)

        # 1. pristine workspace + the submission's exercise files only
        restored = self.ws.restore()
        if restored:
            log(f"restored {len(restored)} workspace files")
        files = self.r["files"]
        taken, missing, rejected, found = [], [], [], {}
        maxb = self.r["limits"]["max_file_kb"] << 10
        for rel in files:
            p = find_submitted(sub, rel) if sub.is_dir() else (sub if sub.name == Path(rel).name else None)
            if p is None:
                missing.append(rel)
                continue
            if p.stat().st_size > maxb:
                rejected.append(f"{rel} ({p.stat().st_size >> 10} KiB > {maxb >> 10} KiB)")
                continue
            found[rel] = p
            dst = self.ws.src / rel
            dst.write_bytes(p.read_bytes())
            taken.append(f"{rel} <- {p.relative_to(sub) if sub.is_dir() else p.name}")
        g.notes.append("graded files: " + ("; ".join(taken) if taken else "none"))
        if missing:
            g.notes.append("not in the submission (the release's stub is used): " + ", ".join(missing))
        if rejected:
            g.notes.append("rejected (too large, the stub is used): " + ", ".join(rejected))
        if sub.is_dir():
            ign = ignored_changes(sub, self.ws.release, files, tree_root(sub, found))
            if ign:
                shown = ", ".join(ign[:8]) + (f" and {len(ign) - 8} more" if len(ign) > 8 else "")
                g.notes.append(f"ignored: your changes to {shown} - only the exercise files are graded; "
                               "tests, build files and common/ come from the grader's own copy.")

        # 2. build
        build_ok = {}
        ok, out = self.ws.build_targets(self.ws.build, self.ws.targets(False), self.ws.ws / "submission-build.log")
        if not ok:
            # find which targets still build, for partial credit
            for t in self.ws.targets(False):
                build_ok[t], _ = self.ws.build_targets(self.ws.build, [t], self.ws.ws / f"build-{t}.log")
            build_err = "does not compile:\n" + tail(_compiler_errors(out), 3000)
        else:
            build_ok = {t: True for t in self.ws.targets(False)}
            build_err = ""
        tsan_ok, tsan_err, tsan_ran = False, "", False
        if any(it["type"] == "race" for it in items):
            if self.skip_race:
                tsan_err = "race check skipped (--skip-race)"
            elif not self.ws.tsan_available() or not (self.ws.tsan / "CMakeCache.txt").exists():
                tsan_err = ("race check not run on this grader (needs clang++-14 and a TSan workspace: "
                            "prepare the workspace without --skip-race)")
            else:
                tsan_ran = True
                tsan_ok, out = self.ws.build_targets(self.ws.tsan, self.ws.targets(True), self.ws.ws / "submission-tsan.log")
                if not tsan_ok:
                    tsan_err = "does not compile (TSan build):\n" + tail(_compiler_errors(out), 3000)

        # 3. items
        passed: set[str] = set()
        shutil.rmtree(self.ws.runs, ignore_errors=True)  # the last submission's run folders
        self.ws.runs.mkdir(exist_ok=True)
        self.ws.runs.chmod(0o755)
        for it, res in zip(items, g.results):
            remaining = deadline - time.monotonic()
            timeout = float(it.get("timeout_s", self.r["limits"]["test_timeout_s"]))
            if self.test_timeout:
                timeout = min(timeout, self.test_timeout)
            if remaining < 3:
                res.output = "not run: the grader's time budget is spent"
                continue
            timeout = min(timeout, remaining - 2)
            exe = exe_name(it)
            if it["type"] == "race":
                if not tsan_ran:
                    res.counted, res.output = False, tsan_err + " - not counted in the score"
                    continue
                if not tsan_ok:
                    res.output = tsan_err
                    continue
            elif not build_ok.get(exe, False):
                res.output = build_err or f"{exe} does not build"
                continue
            if it["type"] == "performance" and self.skip_performance:
                res.counted, res.output = False, "performance not graded here (--skip-performance) - not counted in the score"
                continue
            need = [n for n in it.get("requires", []) if n not in passed]
            if need:
                res.output = "not run: first pass " + ", ".join(f"'{n}'" for n in need)
                continue
            try:
                if it["type"] == "performance":
                    self.run_performance(it, res, timeout, g)
                else:
                    self.run_catch2(it, res, timeout)
            except Exception as e:  # the grader itself must not die on one item
                res.score, res.output = 0.0, f"grader error on this item: {e!r}"
            if res.score >= res.max_score:
                passed.add(it["name"])
            if results_path:
                write_json(results_path, g.gradescope())
        changed = [rel for rel in self.ws.changed() if rel not in files]
        if changed:
            g.notes.append("WARNING: the submission changed grader files (restored before the next submission): "
                           + ", ".join(changed[:10]))
            log(g.notes[-1])
        return g

    def run_catch2(self, it: dict, res: Result, timeout: float) -> None:
        build = self.ws.tsan if it["type"] == "race" else self.ws.build
        exe = str(build / "bin" / it["exe"])
        d = self.sb.new_dir(self.ws.runs)
        token = os.urandom(6).hex()
        env = {**self.r.get("env", {}), **it.get("env", {})}
        ranks = int(it.get("mpi_ranks", 0))
        if it["type"] == "race":
            env.setdefault("TSAN_OPTIONS", "")
            env["TSAN_OPTIONS"] = (env["TSAN_OPTIONS"] + f" exitcode=66 log_path={d}/tsan-{token}").strip()
        if ranks:
            rep = f"report-{token}"
            argv = ["mpirun", "-np", str(ranks), "--oversubscribe", "--bind-to", "none", "/bin/sh", "-c",
                    f'exec "$0" "$1" -r junit -o "{d}/{rep}.$OMPI_COMM_WORLD_RANK.xml"', exe, catch_escape(it["case"])]
            # rank 0's report: parlab's MPI test main sends the other ranks' reports to
            # /dev/null after reducing every verdict; mpirun's exit status covers all ranks
            reports = [d / f"{rep}.0.xml"]
        else:
            argv = [exe, catch_escape(it["case"]), "-r", "junit", "-o", str(d / f"report-{token}.xml")]
            reports = [d / f"report-{token}.xml"]
        mem = None if it["type"] == "race" else it.get("memory_mb", self.r["limits"]["memory_mb"])
        run = self.sb.run(argv, d, timeout, env, mem)
        ok, why = junit_verdict(reports, it["case"])
        if it["type"] == "race":
            logs = ""
            for p in sorted(d.glob(f"tsan-{token}*")):
                with open(p, "rb") as f:
                    logs += f.read(1 << 20).decode("utf-8", errors="replace")
            if "ThreadSanitizer" in logs or run.rc == 66:
                first = logs.find("WARNING: ThreadSanitizer")
                report = logs[first:first + 2500] if first >= 0 else tail(logs or run.output, 2500)
                ok, why = False, "data race reported by ThreadSanitizer (first report):\n" + report
        if ok and run.rc != 0:
            ok, why = False, f"the test process ended badly after its report ({run.why(timeout)})"
        if not ok and (run.timed_out or run.rc < 0 or run.rc > 128):
            why = run.why(timeout) + ("\n" + why if "no test report" not in why else "")
        res.score = res.max_score if ok else 0.0
        res.output = why if ok else f"{why}\n--- output (last lines) ---\n{tail(run.output, 1500)}"
        res.output = res.output.strip() + f"\n({run.elapsed:.1f} s)"

    def run_performance(self, it: dict, res: Result, timeout: float, g: Grade) -> None:
        d = self.sb.new_dir(self.ws.runs)
        jf = d / f"records-{os.urandom(6).hex()}.json"
        argv = [str(self.ws.build / "bin" / it["argv"][0])] + [a.replace("{json}", str(jf)) for a in it["argv"][1:]]
        if "{json}" not in " ".join(it["argv"]):
            argv += ["--json", str(jf)]
        env = {**self.r.get("env", {}), **it.get("env", {})}
        run = self.sb.run(argv, d, timeout, env, it.get("memory_mb", self.r["limits"]["memory_mb"]))
        if run.timed_out or run.rc != 0:
            res.output = f"the benchmark did not finish cleanly: {run.why(timeout)}\n{tail(run.output, 1200)}"
            return
        try:
            records = json.loads(jf.read_text())["records"]
        except (OSError, ValueError, KeyError, TypeError):
            res.output = "the benchmark wrote no readable JSON records"
            return
        rec = select_record(records, it["record"])
        if rec is None:
            res.output = f"no record matching {it['record']} in the benchmark's JSON"
            return
        if rec.get("validated") is not True:
            res.output = "the benchmark's result did not validate: no performance points"
            return
        metric = it["metric"]
        val = rec.get(metric)
        if not isinstance(val, (int, float)):
            res.output = f"the record has no numeric '{metric}'"
            return
        res.value = float(val)
        pts = 0.0
        for band in sorted(it["bands"], key=lambda b: -b["min"]):
            if val >= band["min"]:
                pts = float(band["points"])
                break
        res.score = pts
        bands = ", ".join(f">= {b['min']:g}: {b['points']:g} pt" for b in sorted(it["bands"], key=lambda b: -b["min"]))
        res.output = (f"{metric} = {val:.2f} ({rec.get('variant')}, n={rec.get('n')}, threads={rec.get('threads')}, "
                      f"{rec.get('rate', 0):.2f} {rec.get('rate_unit', '')}); bands: {bands}")
        if it.get("leaderboard"):
            g.leaderboard.append({"name": it["leaderboard"], "value": round(float(rec.get("rate", 0.0)), 3), "order": "desc"})


def _compiler_errors(out: str) -> str:
    lines = out.splitlines()
    errs = [i for i, l in enumerate(lines) if "error" in l.lower()]
    if not errs:
        return out
    start = max(0, errs[0] - 3)
    return "\n".join(lines[start:start + 60])


# ---------------------------------------------------------------- entry points
def make_release_for(rubric: dict, out: Path) -> Path:
    sys.path.insert(0, str(REPO / "tools"))
    from make_release import make_release  # noqa: E402
    make_release(REPO, out, set(rubric["modules"]), "drop", quiet=True)
    return out


def default_workspace(rubric: dict) -> Path:
    return REPO / "build" / "grading" / rubric["assignment"]


def emit(g: Grade, results: Path | None, junit: Path | None, summary: Path | None, quiet: bool) -> None:
    if results:
        write_json(results, g.gradescope())
    if junit:
        junit.parent.mkdir(parents=True, exist_ok=True)
        junit.write_text(g.junit())
    if summary:
        summary.parent.mkdir(parents=True, exist_ok=True)
        summary.write_text(g.table() + "\n")
    if not quiet:
        print(g.table())


def package(rubric: dict, out: Path, extra: list[str]) -> None:
    """Gradescope autograder zip: setup.sh and run_autograder at its root, the
    grader, the rubric and the student release beside them."""
    import zipfile
    with tempfile.TemporaryDirectory() as tmp:
        rel = make_release_for(rubric, Path(tmp) / "release")
        out.parent.mkdir(parents=True, exist_ok=True)
        race = any(it["type"] == "race" for it in rubric["items"])
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            def add(path: Path, arc: str, mode: int = 0o644):
                info = zipfile.ZipInfo(arc)
                info.external_attr = (0o100000 | mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, path.read_bytes())
            for name in ("setup.sh", "run_autograder"):
                text = (HERE / "gradescope" / name).read_text()
                text = text.replace("@ASSIGNMENT@", rubric["assignment"]).replace("@RACE@", "1" if race else "0")
                text = text.replace("@EXTRA@", " ".join(extra))
                info = zipfile.ZipInfo(name)
                info.external_attr = (0o100000 | 0o755) << 16
                z.writestr(info, text)
            add(Path(__file__).resolve(), "grade.py", 0o755)
            add(Path(rubric["_path"]), "rubric.json")
            for p in sorted(rel.rglob("*")):
                if p.is_file():
                    add(p, "release/" + p.relative_to(rel).as_posix(), 0o755 if os.access(p, os.X_OK) else 0o644)
    print(f"Gradescope package: {out} (upload it as the assignment's autograder; setup.sh and run_autograder at its root)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--assignment", required=True, help="rubric name (grading/rubrics/NAME.json, a prefix like 01 works) or a rubric .json")
    ap.add_argument("--submission", help="a submission: its exercise files (flat) or its whole tree")
    ap.add_argument("--batch", help="a folder with one sub-folder per submission")
    ap.add_argument("--out", help="--batch: where to write <name>/results.json, junit.xml, summary.txt and grades.csv")
    ap.add_argument("--release", help="a student release to grade against (default: made from this repository)")
    ap.add_argument("--workspace", help="where the release is built once and reused (default build/grading/<assignment>)")
    ap.add_argument("--results", help="write Gradescope results.json here")
    ap.add_argument("--junit", help="write JUnit XML here")
    ap.add_argument("--summary", help="write the summary table here")
    ap.add_argument("--prepare", action="store_true", help="only build the workspace")
    ap.add_argument("--package", metavar="ZIP", help="write the Gradescope autograder zip and stop")
    ap.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 4))
    ap.add_argument("--test-timeout", type=float, help="override every item's time limit (seconds)")
    ap.add_argument("--memory-mb", type=int, help="override the rubric's memory limit per process (MiB)")
    ap.add_argument("--budget", type=float, help="total time budget in seconds (default: the rubric's budget_s)")
    ap.add_argument("--skip-race", action="store_true", help="do not run the TSan race items (they are not counted)")
    ap.add_argument("--skip-performance", action="store_true",
                    help="do not run the performance items (not counted): for graders with too few cores to time parallel rungs")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()

    rubric = load_rubric(find_rubric(a.assignment))
    if a.memory_mb:
        rubric["limits"]["memory_mb"] = a.memory_mb
        for it in rubric["items"]:
            it.pop("memory_mb", None)
    if a.package:
        package(rubric, Path(a.package), (["--skip-race"] if a.skip_race else [])
                + (["--skip-performance"] if a.skip_performance else []))
        return 0
    ws_path = Path(a.workspace) if a.workspace else default_workspace(rubric)
    if a.release:
        release = Path(a.release).resolve()
        if not (release / "CMakeLists.txt").exists():
            raise SystemExit(f"grade: --release {release}: not a parlab tree")
    else:
        release = ws_path / "release"
        if not (REPO / "tools" / "make_release.py").exists():
            raise SystemExit("grade: no --release given and this tree has no tools/make_release.py")
        ws_path.mkdir(parents=True, exist_ok=True)
        make_release_for(rubric, release)
    ws = Workspace(ws_path, release, rubric, a.jobs, race=not a.skip_race)
    ws.prepare()
    if a.prepare:
        return 0
    sb = Sandbox(rubric["limits"])
    grader = Grader(rubric, ws, sb, a.test_timeout, a.budget, a.skip_race, a.skip_performance)
    if a.submission:
        sub = Path(a.submission).resolve()
        if not sub.exists():
            raise SystemExit(f"grade: --submission {sub}: no such file or folder")
        g = grader.grade(sub, Path(a.results) if a.results else None)
        emit(g, Path(a.results) if a.results else None, Path(a.junit) if a.junit else None,
             Path(a.summary) if a.summary else None, a.quiet)
        ws.restore()
        return 0
    if a.batch:
        batch = Path(a.batch).resolve()
        out = Path(a.out or (str(batch) + "-graded")).resolve()
        rows = []
        for sub in sorted(p for p in batch.iterdir() if p.is_dir() or p.suffix in (".cpp", ".hpp")):
            log(f"grading {sub.name}")
            od = out / sub.name
            g = grader.grade(sub, od / "results.json")
            emit(g, od / "results.json", od / "junit.xml", od / "summary.txt", True)
            rows.append([sub.name, g.score, g.max_score] + [r.score for r in g.results])
        ws.restore()
        out.mkdir(parents=True, exist_ok=True)
        with open(out / "grades.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["submission", "score", "max_score"] + [it["name"] for it in rubric["items"]])
            w.writerows(rows)
        width = max([len(r[0]) for r in rows] + [10])
        print(f"{'submission':<{width}}  score")
        for r in rows:
            print(f"{r[0]:<{width}}  {r[1]:g}/{r[2]:g}")
        print(f"grades: {out / 'grades.csv'}; per submission: {out}/<name>/results.json, junit.xml, summary.txt")
        return 0
    ap.error("give --submission, --batch, --prepare or --package")
    return 2


if __name__ == "__main__":
    sys.exit(main())
