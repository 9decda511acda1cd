#!/usr/bin/env python3
"""The release cache of the grader's workspaces (grading/autograder/release_cache.py) stays
out of every submission's reach:
  - a prepared workspace's build names no compiler launcher (CMakeCache.txt,
    compile_commands.json): a submission compiles as in a workspace built without it;
  - the cache folder is the grader's own (0700), and one it did not make (a link planted
    in a shared folder, a folder open to others) is not used;
  - as root without namespaces (no build views) there is no cache.
usage: release_cache.py --workspace WS (a workspace prepared with PARLAB_GRADER_CCACHE set).
Exit 0 pass, 1 fail, 77 skipped (no ccache, or the variable unset).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from autograder import release_cache
from autograder.sandbox import namespaces_available
from autograder.util import have


def fail(msg: str) -> None:
    print("FAIL: " + msg)
    sys.exit(1)


def folder_rules(viewed: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="parlab-release-cache-") as tmp:
        os.environ[release_cache.ENV] = tmp
        got = release_cache.objects_folder(viewed)
        if viewed or os.geteuid() != 0:
            top = Path(tmp) / "parlab-release-ccache"
            if got != top / "objects" or os.stat(top).st_mode & 0o777 != 0o700:
                fail(f"the cache is not {top}/objects in a 0700 folder: {got}")
            print(f"cache folder: {got} (its parent 0700)")
        elif got is not None:
            fail("as root without namespaces the grader used a cache that submissions' builds could reach")
        if os.geteuid() == 0 and release_cache.objects_folder(False) is not None:
            fail("as root without build views the grader used a cache")
        for name, plant in (("a link to another folder", lambda p: p.symlink_to(tmp, target_is_directory=True)),
                            ("a folder open to others", lambda p: p.mkdir(mode=0o755))):
            with tempfile.TemporaryDirectory(prefix="parlab-release-cache-") as other:
                os.environ[release_cache.ENV] = other
                planted = Path(other) / "parlab-release-ccache"
                plant(planted)
                if release_cache.objects_folder(True) is not None:
                    fail(f"the grader cached into {name} ({planted})")
                print(f"not used: {name}")


def workspace_clean(ws: Path) -> None:
    cache = (ws / "build" / "CMakeCache.txt").read_text()
    named = [v for v in release_cache.LAUNCHERS if v in cache]
    if named:
        fail(f"the prepared build still names {named}: submissions would compile through the cache")
    if "ccache" in (ws / "build" / "compile_commands.json").read_text():
        fail("compile_commands.json of the prepared build names ccache")
    if not (ws / "build-nocache.log").exists():
        fail(f"{ws} was not prepared through the cache ({ws}/build-nocache.log missing)")
    print(f"{ws}/build: prepared through the cache, no launcher left: "
          f"{len(json.loads((ws / 'build' / 'compile_commands.json').read_text()))} compile commands without it")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workspace", required=True)
    a = ap.parse_args()
    if not have("ccache") or not os.environ.get(release_cache.ENV):
        print(f"ccache not installed or {release_cache.ENV} unset: no release cache - SKIPPED")
        return 77
    viewed = namespaces_available()
    if os.geteuid() == 0 and not viewed:
        folder_rules(viewed)
        print("root without namespaces: no cache (as it should) - the workspace part SKIPPED")
        return 77
    workspace_clean(Path(a.workspace))
    folder_rules(viewed)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
