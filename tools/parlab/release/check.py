"""Leak check: prove that no solution line survives in a student release.

    tools/check_release.py --source . --release dist/parlab-student
    tools/check_release.py --source . --release DIR --self-test   # plant leaks, expect each caught

The rule (so that "}" or a loop header shared by every file does not count):
  * a SECRET is a line from a solution region, normalised (indentation, leading
    comment markers and repeated spaces removed), with at least 12 characters and
    6 letters or digits;
  * a secret is PUBLIC, and allowed, if the same normalised line is ordinary code
    (not a comment, not a solution) somewhere in the source tree, or part of such a
    line: a shared kernel's loop header is not a solution. A line of a STUDENT
    block (a hint the author gives on purpose) is public too. Other comments and
    documentation never make a line public;
  * every file of the release, whatever its type (code, comments, docs, build
    files, data), is read line by line; a line equal to a secret, or containing a
    secret of 24 characters or more, is a leak.
Also a leak: VCS metadata (.git, .hg, .svn), build/, results/, dist/, grading/,
tests/grading/, docs/instructor/, CMake caches, object files, any marker line left in a
code file or INSTRUCTOR marker in a Markdown file. The lines of a Markdown INSTRUCTOR
region (the figures the student is asked to predict) are secrets too, and a "What to
expect" section of a release README may hold no measured figure (a ratio, a percentage,
a GFLOP/s or a decimal figure in a table row).
Exit status 0: clean; 1: leaks (each printed with file:line); 2: usage error.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .. import REPO
from .make import excluded, list_files
import re

from .markers import INSTRUCTOR_RE, MARKER_RE, MarkerError, instructor_lines, is_code_file, is_instructor_file, normalize, significant

FORBIDDEN_DIRS = {".git", ".hg", ".svn", "build", "results", "dist", "grading", "CMakeFiles", "_CPack_Packages"}
FORBIDDEN_FILES = {"CMakeCache.txt", "compile_commands.json", ".gitmodules"}
FORBIDDEN_SUFFIXES = {".o", ".a", ".so", ".obj", ".gcda", ".gcno"}
FORBIDDEN_PATHS = {"tests/grading", "docs/instructor"}
LONG = 24
# A measured figure in a table row: 1.9×, 2x, 85%, 14 GFLOP/s, 0.26.
FIGURE = re.compile(r"\d(?:[\d.,–-]*\d)?\s*(?:×|x\b|%|GFLOP)|\b\d+\.\d+\b")
EXPECT_HEADING = re.compile(r"^#+\s.*what to expect", re.I)


def expected_figures(text: str) -> list[tuple[int, str]]:
    """(line, text) of each table row with a figure under a "What to expect" heading."""
    found, level = [], 0
    for no, line in enumerate(text.splitlines(), 1):
        h = re.match(r"^(#+)\s", line)
        if h:
            level = len(h.group(1)) if EXPECT_HEADING.match(line) else (level if level and len(h.group(1)) > level else 0)
            continue
        if level and line.lstrip().startswith("|") and FIGURE.search(line):
            found.append((no, line.strip()))
    return found


def _is_comment(raw: str) -> bool:
    s = raw.strip()
    return s.startswith(("//", "#", "/*", "*")) and not s.startswith(("#include", "#pragma", "#define", "#if", "#endif", "#else", "#elif", "#undef"))


def collect(src: Path) -> tuple[dict[str, str], set[str]]:
    """secrets: normalised solution line -> 'file:line' of its first occurrence;
    public: normalised ordinary code lines."""
    secrets: dict[str, str] = {}
    public: set[str] = set()
    for rel in list_files(src):
        p = src / rel
        if not p.is_file() or p.is_symlink():
            continue
        if is_instructor_file(p) and not excluded(rel):
            try:
                _, hidden = instructor_lines(p.read_text(encoding="utf-8"), rel)
            except (UnicodeDecodeError, OSError, MarkerError):
                hidden = []
            for line in hidden:  # the instructor's figures: secret wherever they turn up
                n = normalize(line)
                if significant(n):
                    secrets.setdefault(n, f"{rel} (INSTRUCTOR)")
            continue
        if not is_code_file(p):
            continue
        try:
            text = p.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        state = "code"
        for no, line in enumerate(text.splitlines(), 1):
            m = MARKER_RE.match(line)
            if m:
                state = {("BEGIN", "SOLUTION"): "solution", ("BEGIN", "STUDENT"): "student"}.get((m["what"], m["kind"]), "code")
                continue
            n = normalize(line)
            if not significant(n):
                continue
            if state == "solution":
                secrets.setdefault(n, f"{rel}:{no}")
            elif state == "code" and not _is_comment(line) and not excluded(rel):
                public.add(n)
            elif state == "student" and not excluded(rel):
                public.add(n)  # the author gives students this line (a hint) on purpose
    secrets = {k: v for k, v in secrets.items() if k not in public}
    # also public: a secret that ordinary code contains (a loop header written
    # inside a longer line of a test or a shared kernel)
    long_public = [p for p in public if len(p) > LONG]
    secrets = {k: v for k, v in secrets.items() if not any(k in p for p in long_public)}
    return secrets, public


def check(src: Path, rel_root: Path, verbose: bool = True, secrets: dict[str, str] | None = None) -> list[str]:
    """The leaks of the release rel_root; `secrets`: collect(src)'s, when the caller has them
    (the self-test checks 14 copies against one source)."""
    if secrets is None:
        secrets, _ = collect(src)
    long_secrets = [s for s in secrets if len(s) >= LONG]
    problems: list[str] = []
    for root, dirs, files in os.walk(rel_root):
        rel_dir = Path(root).relative_to(rel_root)
        for d in list(dirs):
            rd = (rel_dir / d).as_posix()
            if d in FORBIDDEN_DIRS or rd in FORBIDDEN_PATHS:
                problems.append(f"{rd}/: must not be in a release")
                dirs.remove(d)
        for f in files:
            rf = (rel_dir / f).as_posix()
            p = Path(root) / f
            if f in FORBIDDEN_FILES or p.suffix in FORBIDDEN_SUFFIXES or f == ".git":
                problems.append(f"{rf}: must not be in a release")
            if p.is_symlink():
                continue
            try:
                text = p.read_bytes().decode("utf-8", errors="ignore")
            except OSError as e:
                problems.append(f"{rf}: unreadable ({e})")
                continue
            code, md = is_code_file(p), is_instructor_file(p)
            if md:
                for no, row in expected_figures(text):
                    problems.append(f"{rf}:{no}: a measured figure under 'What to expect' (the student predicts it): {row}")
            for no, line in enumerate(text.splitlines(), 1):
                if code and MARKER_RE.match(line) or md and INSTRUCTOR_RE.match(line):
                    problems.append(f"{rf}:{no}: marker line left in the release: {line.strip()}")
                n = normalize(line)
                if not n:
                    continue
                if n in secrets:
                    problems.append(f"{rf}:{no}: solution line (from {secrets[n]}): {n}")
                elif len(n) > LONG:
                    for s in long_secrets:
                        if s in n:
                            problems.append(f"{rf}:{no}: contains a solution line (from {secrets[s]}): {s}")
                            break
    if verbose:
        for p in problems:
            print("LEAK " + p)
        print(f"check_release: {len(secrets)} secret solution lines, {len(problems)} problems in {rel_root}")
    return problems


def self_test(src: Path, release: Path) -> int:
    """Plant leaks into copies of the release; each must be caught, the clean copy must pass."""
    secrets, _ = collect(src)
    if not secrets:
        print("self-test: the source has no secret solution lines to plant")
        return 1
    code_secrets = [k for k, v in secrets.items() if "(INSTRUCTOR)" not in v]
    secret = max(code_secrets or secrets, key=len)  # a solution line (the instructor's figures: below)
    figure = max((k for k, v in secrets.items() if "(INSTRUCTOR)" in v), key=len, default=None)
    ok = True
    if check(src, release, verbose=False, secrets=secrets):
        print("self-test: the unplanted release is not clean")
        ok = False

    def planted(name, fn):
        nonlocal ok
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "rel"
            shutil.copytree(release, copy, symlinks=True)
            fn(copy)
            found = check(src, copy, verbose=False, secrets=secrets)
            print(f"self-test: {name}: {'caught' if found else 'MISSED'}" + (f" ({found[0]})" if found else ""))
            ok = ok and bool(found)

    def append(rel, text):
        def fn(root):
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            with open(p, "a") as f:
                f.write(text)
        return fn

    first_cpp = next((p.relative_to(release).as_posix() for p in sorted(release.rglob("*.cpp"))), "x.cpp")
    planted("solution line as code", append(first_cpp, f"\n{secret}\n"))
    planted("solution line in a comment", append(first_cpp, f"\n   //   {secret}\n"))
    planted("solution line in a build file", append("CMakeLists.txt", f"\n# {secret}\n"))
    planted("solution inside a longer line of docs", append("README.md", f"\nSee `{secret}` for the answer.\n"))
    planted("solution line in an untracked data file", append("tests/data/notes.txt", f"{secret}\n"))
    planted("git metadata", append(".git/config", "[core]\n"))
    planted("a build folder", append("build/release/CMakeCache.txt", "x\n"))
    planted("grading material", append("grading/rubrics/x.json", "{}\n"))
    planted("a marker left behind", append(first_cpp, "\n// BEGIN SOLUTION\n"))
    planted("an instructor marker left behind", append("README.md", "\n<!-- BEGIN INSTRUCTOR -->\n"))
    if figure:
        planted("an instructor figure in the docs", append("README.md", f"\n{figure}\n"))
    planted("instructor notes", append("docs/instructor/plan.md", "week 1\n"))
    planted("a figure under What to expect", append("README.md", "\n### What to expect\n| rung | x seq |\n|---|---|\n| tiled | 1.9× |\n"))
    print("self-test:", "every planted leak was caught" if ok else "FAILED")
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", default=str(REPO))
    ap.add_argument("--release", required=True)
    ap.add_argument("--self-test", action="store_true", help="also prove that planted leaks are caught")
    a = ap.parse_args()
    src, rel = Path(a.source).resolve(), Path(a.release).resolve()
    if not (rel / ".parlab-release").exists():
        print(f"check_release: {rel} is not a release made by tools/make_release.py", file=sys.stderr)
        return 2
    if a.self_test:
        return self_test(src, rel)
    return 1 if check(src, rel) else 0
