"""A compiler cache (ccache) for preparing workspaces: opt-in, PARLAB_GRADER_CCACHE=DIR.

Preparing a workspace compiles the pristine release (common/ and the modules) from
scratch; a test suite that prepares eight of them compiles common/ eight times. With
this cache the release's objects are compiled once and copied afterwards.

What keeps submissions away from it (the cache must never become a channel between
submissions, or into the instructor's builds):
  - only the preparing build of the pristine release uses it: its configure names
    ccache as the compiler launcher, and once the release is built the launcher is
    removed from the build folder's CMake cache, so every build of a submission
    compiles exactly as without the cache (and compile_commands.json never named it);
  - as root, the cache lives in DIR/parlab-release-ccache, a root-only folder (0700):
    no sandbox uid can reach it, except the build uid through the bind mount of its
    objects folder in the preparing build's view, which holds only the release;
  - as root without namespaces (no views) there is no such mount to restrict, so
    there is no cache: the build uid could reach it from a submission's build.
Without ccache, or without the variable, the workspace is built as before.
"""
from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from .util import have, is_root, log

ENV = "PARLAB_GRADER_CCACHE"
VIEW_PATH = "/parlab-ccache"  # where the preparing build's view mounts the objects folder
LAUNCHERS = ("CMAKE_CXX_COMPILER_LAUNCHER", "CMAKE_C_COMPILER_LAUNCHER")


def objects_folder(viewed: bool) -> Path | None:
    """The host folder the preparing builds cache into, or None (no cache: said why)."""
    base = os.environ.get(ENV)
    if not base:
        return None
    if not have("ccache"):
        log(f"{ENV} is set but ccache is not installed: the release is compiled without a cache")
        return None
    if is_root() and not viewed:
        log(f"{ENV} is set but this grader has no namespaces (no build views): a cache there would be "
            "reachable from submissions' builds, so the release is compiled without one")
        return None
    top = Path(base).absolute() / "parlab-release-ccache"
    try:
        top.parent.mkdir(parents=True, exist_ok=True)
        try:
            top.mkdir(mode=0o700)
        except FileExistsError:
            pass
        st = os.lstat(top)
    except OSError as e:
        log(f"{ENV}: cannot make {top} ({e}): the release is compiled without a cache")
        return None
    # Made by someone else (a link planted in a shared /tmp), or open to others: not ours to trust.
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
        log(f"{ENV}: {top} is not a folder of this user closed to others (0700): "
            "the release is compiled without a cache")
        return None
    objects = top / "objects"
    objects.mkdir(exist_ok=True)
    if is_root():
        objects.chmod(0o777)  # the build uids of every pair share it, only through the view's mount
    return objects


def launcher_args(cache_dir: str, basedir: str, build: Path, build_seen: str) -> list[str]:
    """The configure arguments that compile through ccache into cache_dir (a path as the
    build sees it). The sources' own paths are relative to basedir in the hash; the CPU
    that -march=native resolves to joins it (a home shared by several machines)."""
    cpu = build / "native-cpu.txt"
    try:
        r = subprocess.run(["c++", "-march=native", "-Q", "--help=target"], capture_output=True, text=True)
        cpu.write_text(r.stdout if r.returncode == 0 else "unknown\n")
    except OSError:  # no c++ on PATH (a clang-only machine): the flags alone
        cpu.write_text("unknown\n")
    env = [f"CCACHE_DIR={cache_dir}", f"CCACHE_BASEDIR={basedir}", f"CCACHE_EXTRAFILES={build_seen}/native-cpu.txt"]
    if is_root():
        env.append("CCACHE_UMASK=000")  # files that the next pair's build uid can update
    launch = ";".join(["env", *env, "ccache"])
    return [f"-D{v}={launch}" for v in LAUNCHERS]


def drop_args(build_seen: str) -> list[str]:
    """The configure command that removes the launcher again (no rebuild: the Makefiles'
    objects do not depend on the compile command)."""
    return ["cmake", *[a for v in LAUNCHERS for a in ("-U", v)], build_seen]
