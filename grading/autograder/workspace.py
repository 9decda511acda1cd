"""The workspace: the student release, copied and built once, and put back as it
was before and after every submission.

    WS/release      the release graded against (made from this repository)
    WS/src          the copy that is built: release + one submission's exercise files
    WS/build        Release build (owned by the build uid)
    WS/build-tsan   ThreadSanitizer build for race items (owned by the build uid)
    WS/runs         one folder per test run (owned by the run uid)
    WS/.ready       what was built: release content, targets, build uid
    WS/.grader.lock held by the one grader working here (autograder.uids)

Only the grader holding the workspace lock touches any of these; every method
here is called under it.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from . import release_cache
from .kept_objects import KeptObjects
from .kept_scans import KeptScans
from .rubric import autograded, exe_name
from .sandbox import VIEW_ROOT, namespaces_available, view_command
from .uids import UidPair
from .util import file_hashes, have, is_root, log, read_tail, tree_hash


def preset_cache(src: Path, name: str, src_seen: str | None = None) -> dict[str, str]:
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
    out["CMAKE_EXPORT_COMPILE_COMMANDS"] = "ON"  # the per-file compile check reads it
    return {k: v.replace("${sourceDir}", src_seen or str(src)) for k, v in out.items()}


def refresh_release(ws: Path, make) -> Path:
    """WS/release made anew by make(folder), swapped in only when its content
    changed. Made beside it first: a grader killed half-way leaves the old
    release (or none), never a half-written one that later runs refuse."""
    release = ws / "release"
    for old in ws.glob(".release-new-*"):
        shutil.rmtree(old, ignore_errors=True)
    new = ws / f".release-new-{os.getpid()}"
    make(new)
    if release.is_dir() and tree_hash(release) == tree_hash(new):
        shutil.rmtree(new)
        return release
    if release.exists():
        shutil.rmtree(release)
    os.rename(new, release)
    return release


# The build runs no program it makes: CMake's Catch2 discovery would start each new test
# program (a submission's code in it) as the build uid, with the build folder writable
# (tests/grading/hostile/discovery_constructor). The grader runs the cases itself.
NO_DISCOVERY = "-DPARLAB_TEST_DISCOVERY=OFF"


class Workspace:
    def __init__(self, ws: Path, release: Path, rubric: dict, jobs: int, race: bool = True, performance: bool = True):
        ws = self.reachable(ws)
        self.ws, self.release, self.rubric, self.jobs = ws.resolve(), release.resolve(), rubric, jobs
        self.race = race
        self.performance = performance  # False (--skip-performance): the benchmark drivers are not built
        self.src, self.build, self.tsan = self.ws / "src", self.ws / "build", self.ws / "build-tsan"
        self.runs = self.ws / "runs"
        self.manifest_path = self.ws / "manifest.json"
        self.pair: UidPair | None = None
        self._dbs: dict[Path, tuple[tuple[int, int], list]] = {}  # _compile_db's, by build folder
        self.kept = KeptObjects(self)  # objects kept from grade to grade (kept_objects.py)
        self.scans = KeptScans(self)  # the integrity gate's scans, the same (kept_scans.py)
        # As root with namespaces, the build and every test see the workspace at VIEW_ROOT
        # and nothing else of the machine but the system (sandbox.view_command).
        self.viewed = namespaces_available()

    def inside(self, p: Path) -> str:
        """Where a workspace path is in the views of the build and the tests."""
        if not self.viewed:
            return str(p)
        rel = Path(p).relative_to(self.ws)
        return VIEW_ROOT if rel == Path(".") else f"{VIEW_ROOT}/{rel.as_posix()}"

    def outside(self, path: str) -> Path:
        """The host path of a path of the views (compile_commands.json names those)."""
        if not self.viewed or not (path == VIEW_ROOT or path.startswith(VIEW_ROOT + "/")):
            return Path(path)
        return self.ws / path[len(VIEW_ROOT):].lstrip("/")

    # ------------------------------------------------------------ what is built
    def targets(self, race: bool) -> list[str]:
        return sorted({exe_name(it) for it in autograded(self.rubric) if (it["type"] == "race") == race
                       and (self.performance or it["type"] != "performance")})

    def want_tsan(self) -> bool:
        return self.race and any(it["type"] == "race" for it in self.rubric["items"])

    @staticmethod
    def tsan_available() -> bool:
        return have("clang++-14")

    def stamp(self) -> str:
        return hashlib.sha256(tree_hash(self.release).encode()).hexdigest()

    def compiled_builds(self) -> list[Path]:
        """The build folders that were configured (the TSan one only where race items are built)."""
        return [b for b in (self.build, self.tsan) if (b / "compile_commands.json").exists()]

    def wanted(self) -> set[str]:
        return set(self.targets(False) + self.targets(True))

    def is_ready(self, rec: dict) -> bool:
        """The release is the one built, and every target this grader needs was built
        (a workspace built with the benchmark drivers serves a --skip-performance grade),
        by builds that run none of the programs they make (configured_safely)."""
        return (rec.get("stamp") == self.stamp() and self.wanted() <= set(rec.get("targets", []))
                and rec.get("viewed", False) == self.viewed and self.configured_safely())

    def configured_safely(self) -> bool:
        """Every build folder was configured with NO_DISCOVERY (a workspace made by an
        older grader was not: it is built again). Any type: a stand-in release without
        the option (tests/grading/*_fixture) keeps it untyped, and discovers nothing."""
        for build in (self.build, self.tsan):
            cache = build / "CMakeCache.txt"
            if cache.exists() and not re.search(r"^PARLAB_TEST_DISCOVERY:[A-Z]+=OFF$",
                                                cache.read_text(errors="replace"), re.M):
                return False
        return True

    def check_release_discovery(self) -> None:
        """A release whose CMake discovers Catch2 tests but knows no PARLAB_TEST_DISCOVERY
        (made before it existed) would run each submission's test program in its build."""
        files = [*self.release.rglob("CMakeLists.txt"), *self.release.rglob("*.cmake")]
        texts = {f: f.read_text(errors="replace") for f in files}
        if any("PARLAB_TEST_DISCOVERY" in s for s in texts.values()):
            return
        for f, s in texts.items():
            if "catch_discover_tests(" in s:
                raise SystemExit(f"grade: the release's CMake runs Catch2's test discovery ({f.relative_to(self.release)}) "
                                 "and has no PARLAB_TEST_DISCOVERY option to turn it off, so its builds would run each "
                                 "submission's test program: make the release again from this parlab (tools/make_release.py)")

    def mark_ready(self, pair: UidPair | None, built: set[str]) -> None:
        (self.ws / ".ready").write_text(json.dumps({"stamp": self.stamp(), "targets": sorted(built), "viewed": self.viewed,
                                                    "run_uid": pair.run if pair else None}))

    def recorded(self) -> dict:
        try:
            return json.loads((self.ws / ".ready").read_text())
        except (OSError, ValueError):
            return {}

    def recorded_uid(self) -> int | None:
        uid = self.recorded().get("run_uid")
        return uid if isinstance(uid, int) else None

    # ------------------------------------------------------------ folders and uids
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

    def _give_builds_to(self, pair: UidPair) -> None:
        """A workspace built by another uid pair: its build folders change owner
        (the new build uid must write them; the old one must lose them)."""
        for build in (self.build, self.tsan):
            if not build.exists():
                continue
            for root, dirs, files in os.walk(build):
                for n in [root] + [os.path.join(root, x) for x in dirs + files]:
                    os.lchown(n, pair.build, pair.build)
        rec = self.recorded()
        rec["run_uid"] = pair.run
        (self.ws / ".ready").write_text(json.dumps(rec))

    # ------------------------------------------------------------ building
    def as_builder(self, build: Path, cmd: list[str], scratch: Path | None = None, cwd: str | None = None,
                   ccache: Path | None = None) -> list[str]:
        """As root, compile as the build uid, which owns only the build folders:
        student code is compiled (and #included) with no more rights than it runs
        with, and the run uid cannot change the binaries. With namespaces, in a view
        (built in `scratch`, an empty folder; None: no view) that holds only the system, the sources (read-only) and
        this build folder: an #include or .incbin of any other file (the instructor's
        solutions, the rubric, another submission) finds nothing; and no network.
        `ccache`: the release cache's objects folder, mounted only for the pristine
        release's preparing build (release_cache)."""
        if not is_root() or self.pair is None:
            return cmd
        b = self.pair.build
        drop = ["setpriv", f"--reuid={b}", f"--regid={b}", "--clear-groups", "--inh-caps=-all", "--",
                "env", f"HOME={self.inside(build)}", f"TMPDIR={self.inside(build)}"] + cmd
        if not self.viewed or scratch is None:
            return drop
        mounts = [("ro", self.src, self.inside(self.src)), ("rw", build, self.inside(build))]
        if ccache is not None:
            mounts.append(("rw", ccache, release_cache.VIEW_PATH))
        return view_command(scratch, cwd or self.inside(build), mounts, drop)

    def run_builder(self, build: Path, cmd: list[str], prefix: list[str] = (), cwd: str | None = None,
                    ccache: Path | None = None, **kw) -> subprocess.CompletedProcess:
        """subprocess.run of `cmd` as the builder (as_builder), after `prefix` (timeout,
        prlimit); the view's scratch folder goes with it."""
        in_view = self.viewed and is_root() and self.pair is not None
        scratch = Path(tempfile.mkdtemp(prefix=".view-", dir=self.ws)) if in_view else None
        here = build if (in_view or not cwd) else Path(cwd)  # in a view, the view's cwd is set inside
        try:
            return subprocess.run([*prefix, *self.as_builder(build, cmd, scratch, cwd, ccache)], stdin=subprocess.DEVNULL,
                                  cwd=here if here.exists() else None, **kw)
        finally:
            if scratch is not None:
                try:
                    scratch.rmdir()  # the tmpfs over it went with the mount namespace
                except OSError:
                    pass

    def configure_and_build(self, build: Path, tsan: bool, log_path: Path,
                            ccache: Path | None = None) -> tuple[bool, str]:
        """The pristine release configured and built in `build`; through the release
        cache when `ccache` is its objects folder, which is dropped from the build after."""
        args = ["cmake", "-S", self.inside(self.src), "-B", self.inside(build), "-DPARLAB_BUILD_TESTS=ON", NO_DISCOVERY]
        cache = preset_cache(self.src, "tsan" if tsan else "release", self.inside(self.src))
        if tsan and len(cache) <= 1:
            cache = {"CMAKE_BUILD_TYPE": "RelWithDebInfo", "CMAKE_CXX_COMPILER": "clang++-14", "PARLAB_RACECHECK": "ON",
                     "PARLAB_WITH_MPI": "OFF", "CMAKE_CXX_FLAGS": "-fsanitize=thread -fno-omit-frame-pointer",
                     "CMAKE_EXE_LINKER_FLAGS": "-fsanitize=thread", "CMAKE_EXPORT_COMPILE_COMMANDS": "ON"}
        cache.setdefault("CMAKE_BUILD_TYPE", "Release")
        args += [f"-D{k}={v}" for k, v in cache.items()]
        build.mkdir(parents=True, exist_ok=True)
        if is_root() and self.pair:
            os.chown(build, self.pair.build, self.pair.build)
        if ccache is not None:
            seen = release_cache.VIEW_PATH if self.viewed and is_root() and self.pair else str(ccache)
            args += release_cache.launcher_args(seen, self.inside(self.ws), build, self.inside(build))
        with open(log_path, "wb") as lf:
            r = self.run_builder(build, args, stdout=lf, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            return False, read_tail(log_path, 4000)
        ok, out = self.build_targets(build, self.targets(tsan), log_path, ccache)
        if ok and ccache is not None:
            return self.drop_cache(build, tsan, log_path.with_name(log_path.stem + "-nocache.log"))
        return ok, out

    def drop_cache(self, build: Path, tsan: bool, log_path: Path) -> tuple[bool, str]:
        """The launcher out of the build, then the targets again (no compiling: the
        changed rules relink the libraries and programs), so the first submission's
        build does exactly what it does in a workspace built without the cache."""
        with open(log_path, "wb") as lf:
            r = self.run_builder(build, release_cache.drop_args(self.inside(build)), stdout=lf, stderr=subprocess.STDOUT)
        if r.returncode != 0:  # never leave a build that a submission would compile through the cache
            return False, "removing the compiler cache from the build failed\n" + read_tail(log_path, 3000)
        return self.build_targets(build, self.targets(tsan), log_path)

    def build_targets(self, build: Path, targets: list[str], log_path: Path,
                      ccache: Path | None = None) -> tuple[bool, str]:
        if not targets:
            return True, ""
        lim = self.rubric["limits"]
        limits = ["timeout", "-k", "5", str(lim["build_timeout_s"]), "prlimit",
                  f"--as={max(lim['memory_mb'], lim['build_memory_mb']) << 20}", "--core=0", "--"]
        with open(log_path, "wb") as lf:
            r = self.run_builder(build, ["cmake", "--build", self.inside(build), "-j", str(self.jobs), "--target", *targets],
                                 limits, ccache=ccache, stdout=lf, stderr=subprocess.STDOUT)
        if r.returncode in (124, 137):
            return False, f"the build took longer than {lim['build_timeout_s']} s and was stopped\n" + read_tail(log_path, 3000)
        if r.returncode == 0:  # a failed build may have left an object half written: none is noted
            self.kept.built(build)
        return r.returncode == 0, read_tail(log_path, 6000)

    def _compile_db(self, build: Path) -> list[tuple[str, list[str], str, Path | None]]:
        """Every compilation of compile_commands.json: (its source in the view, its
        arguments without -c, -o and dependency-file options, its directory in the view,
        its object file on the host). Parsed again only when CMake rewrote the file: a grade
        asks for it once per file at each gate step (15 ms for 04's 64 compilations)."""
        path = build / "compile_commands.json"
        try:
            st = path.stat()
            if build in self._dbs and self._dbs[build][0] == (st.st_mtime_ns, st.st_size):
                return self._dbs[build][1]
            db = json.loads(path.read_text())
        except (OSError, ValueError):
            return []
        out = []
        for e in db:
            args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
            kept, skip, obj = [], False, e.get("output")
            for i, a in enumerate(args):
                if skip:
                    skip = False
                elif a in ("-o", "-MF", "-MT", "-MQ"):
                    skip = True
                    if a == "-o" and i + 1 < len(args):
                        obj = args[i + 1]
                elif a not in ("-c", "-MD", "-MMD"):
                    kept.append(a)
            obj_host = self.outside(os.path.join(e["directory"], obj)) if obj else None
            out.append((os.path.normpath(os.path.join(e["directory"], e["file"])), kept, e["directory"], obj_host))
        self._dbs[build] = ((st.st_mtime_ns, st.st_size), out)
        return out

    def compile_entries(self, build: Path, rel: str) -> list[tuple[list[str], str, Path]]:
        """How the build compiles the source `rel` of WS/src (compile_commands.json): for
        each compilation, (its arguments without -c, -o and dependency-file options, its
        directory in the view, its object file on the host)."""
        target = os.path.normpath(self.inside(self.src / rel))
        return [(kept, cwd, obj) for src, kept, cwd, obj in self._compile_db(build) if src == target]

    def current_objects(self, build: Path) -> list[Path]:
        """The objects of this release's sources, compiled since their source last changed.
        Not every *.o in the folder: an incremental update leaves the objects of sources an
        older release had (a function that moved into an exercise file, say)."""
        out = []
        for src, _, _, obj in self._compile_db(build):
            try:
                if obj is not None and obj.stat().st_mtime >= self.outside(src).stat().st_mtime:
                    out.append(obj)
            except OSError:  # not built (a target no item needs), or no longer a source
                pass
        return out

    def builder_output(self, build: Path, args: list[str], cwd: str) -> tuple[int, str, str]:
        """Runs one compiler command of compile_entries as the builder: (rc, stdout, stderr)."""
        r = self.run_builder(build, args, cwd=cwd, capture_output=True, text=True, errors="replace",
                             timeout=self.rubric["limits"]["build_timeout_s"])
        return r.returncode, r.stdout, r.stderr

    def compiles(self, build: Path, rel: str) -> tuple[bool, str]:
        """Does this one source file of WS/src compile (syntax only, with the exact
        flags of the build)?"""
        for args, cwd, _ in self.compile_entries(build, rel):
            rc, out, err = self.builder_output(build, args + ["-fsyntax-only"], cwd)
            return rc == 0, out + err
        return True, ""

    # ------------------------------------------------------------ prepare / restore
    def prepare(self, pair: UidPair | None, force: bool = False) -> None:
        os.umask(0o022)
        self.pair = pair
        self.ws.mkdir(parents=True, exist_ok=True)
        self.ws.chmod(0o755)
        self.check_reachable()
        rec = self.recorded()
        if self.is_ready(rec) and not force:
            if pair and rec.get("run_uid") != pair.run:
                log(f"workspace {self.ws} was built by uids {rec.get('run_uid')}/..: its build folders now belong to {pair}")
                self._give_builds_to(pair)
            log(f"workspace {self.ws} is ready (release unchanged)")
            return
        self.check_release_discovery()
        if rec and not force and self.update(pair):
            return
        log(f"preparing workspace {self.ws} from release {self.release}")
        (self.ws / ".ready").unlink(missing_ok=True)
        self.kept.path.unlink(missing_ok=True)
        self.scans.path.unlink(missing_ok=True)
        for d in (self.src, self.build, self.tsan, self.runs):
            shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(self.release, self.src, symlinks=True)
        t0 = time.monotonic()
        ccache = release_cache.objects_folder(self.viewed)
        ok, out = self.configure_and_build(self.build, False, self.ws / "build.log", ccache)
        if not ok:
            raise SystemExit(f"grade: the pristine release does not build - fix the release first:\n{out}")
        if self.want_tsan() and self.tsan_available():
            ok, out = self.configure_and_build(self.tsan, True, self.ws / "build-tsan.log", ccache)
            if not ok:
                raise SystemExit(f"grade: the pristine release does not build with TSan:\n{out}")
        log(f"workspace built in {time.monotonic() - t0:.0f} s" + (f" (release compiled through ccache, {ccache})" if ccache else ""))
        self.manifest_path.write_text(json.dumps(file_hashes(self.release)))
        self.mark_ready(pair, self.wanted())

    def update(self, pair: UidPair | None) -> bool:
        """The release changed (a README, one source): bring WS/src up to date file
        by file and build incrementally, instead of building from scratch. False
        if that does not work (then prepare builds from scratch)."""
        if not (self.build / "CMakeCache.txt").exists() or not self.manifest_path.exists() or not self.configured_safely():
            return False
        if pair and self.recorded().get("run_uid") != pair.run:
            self._give_builds_to(pair)
        new = file_hashes(self.release)
        old = json.loads(self.manifest_path.read_text())
        for rel in old.keys() - new.keys():
            (self.src / rel).unlink(missing_ok=True)
        have_now = file_hashes(self.src)
        changed = [rel for rel, h in new.items() if have_now.get(rel) != h]
        for rel in changed:
            (self.src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.release / rel, self.src / rel)
            os.utime(self.src / rel)
        log(f"workspace {self.ws}: {len(changed)} release files changed: incremental build")
        self.manifest_path.write_text(json.dumps(new))
        ok, _ = self.build_targets(self.build, self.targets(False), self.ws / "build.log")
        if ok and self.want_tsan() and self.tsan_available() and (self.tsan / "CMakeCache.txt").exists():
            ok, _ = self.build_targets(self.tsan, self.targets(True), self.ws / "build-tsan.log")
        if ok:  # what was built before is still there: the incremental build only added
            same = self.recorded().get("stamp") == self.stamp()
            self.mark_ready(pair, self.wanted() | (set(self.recorded().get("targets", [])) if same else set()))
        return ok

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
        """Put every release file back as it was (exercise files of the last
        submission, and anything else that changed). Returns what was restored.
        A restored file gets a fresh mtime, newer than any object built from the
        submission's copy, so the next build recompiles it (_settle)."""
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
                self._settle(rel, p.read_bytes())
                fixed.append(rel)
        return fixed

    def put(self, rel: str, data: bytes) -> None:
        """A submission's exercise file into the build tree (_settle)."""
        dst = self.src / rel
        dst.write_bytes(data)
        self._settle(rel, data)

    def _settle(self, rel: str, data: bytes) -> None:
        """A file just written gets a fresh mtime: a file the student kept from long ago (an
        old mtime) is still newer than the object of whatever was built before it, so it is
        recompiled. Unless its objects were compiled from this very content (kept_objects.py):
        then it gets back its mtime of that compile, and they are kept."""
        ns = self.kept.mtime_for(rel, data)
        if ns is None:
            os.utime(self.src / rel)
        else:
            os.utime(self.src / rel, ns=(ns, ns))
