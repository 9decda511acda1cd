"""The build of the GitHub Classroom workflow (.github/workflows/classroom.yml), with the
grader's partial credit: an exercise file that does not compile is replaced by the stub the
release shipped (.github/classroom/stubs/, written by make student), so every other
exercise's tests still build and score; only the broken file's tests score 0.

    tools/classroom_build.py --targets test_05_mpi test_06_hybrid

Configures build/release, builds the targets; on a compile error, checks each exercise
file that has a stub on its own (the build's own flags, compile_commands.json), puts the
stub in place of each that fails, and builds again; a target that still fails is left
unbuilt (its steps fail, the others run). Exit 0 unless the configure itself fails: the
grading steps and the reporter always run."""
from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from . import REPO

STUBS = Path(".github") / "classroom" / "stubs"


def build(build_dir: Path, targets: list[str]) -> bool:
    return subprocess.run(["cmake", "--build", str(build_dir), "-j", "4", "--target", *targets]).returncode == 0


def compiles(build_dir: Path, src: Path) -> bool:
    """Does the one file `src` compile, with the flags the build uses for it (syntax only)?"""
    try:
        db = json.loads((build_dir / "compile_commands.json").read_text())
    except (OSError, ValueError):
        return True  # no database: nothing to tell the files apart by
    for e in db:
        if Path(e["directory"], e["file"]).resolve() == src.resolve():
            args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
            return subprocess.run(args + ["-fsyntax-only"], cwd=e["directory"]).returncode == 0
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--targets", nargs="+", required=True, help="the test programs the grading steps run")
    ap.add_argument("--root", type=Path, default=REPO, help="the release (default: this tree)")
    a = ap.parse_args(argv)
    root = a.root.resolve()
    build_dir = root / "build" / "release"
    if subprocess.run(["cmake", "--preset", "release"], cwd=root).returncode:
        print("classroom build: the configure failed - nothing can be graded", file=sys.stderr)
        return 1
    if build(build_dir, a.targets):
        return 0
    stubs = sorted(p.relative_to(root / STUBS) for p in (root / STUBS).rglob("*") if p.is_file())
    broken = [rel for rel in stubs if not compiles(build_dir, root / rel)]
    for rel in broken:
        shutil.copyfile(root / STUBS / rel, root / rel)
        print(f"classroom build: {rel} does not compile: graded with the release's stub in its place "
              "(its tests score 0, the others are graded)", flush=True)
    if broken and build(build_dir, a.targets):
        return 0
    failed = [t for t in a.targets if not build(build_dir, [t])]
    print(f"classroom build: not built: {', '.join(failed)} - their steps score 0", flush=True)
    return 0
