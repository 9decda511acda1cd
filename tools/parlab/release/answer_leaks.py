"""Cross-module answer check: no file of a student release, outside an exercise's own
module, holds code equal to that exercise's solution.

    tools/check_answer_leaks.py                      # make the release of every module, check it
    tools/check_answer_leaks.py --release DIR        # check a release made by tools/make_release.py
    tools/check_answer_leaks.py --self-test          # also plant a leak in a copy: it must be caught

check_release.py proves that no solution LINE survives; it lets a line through when the
same line is ordinary code somewhere (a shared loop header is no secret). That is how a
given kernel of one module could hold another module's answer unnoticed. This check
compares code, not lines:
  * code is cut into STATEMENTS: comments removed, whitespace collapsed, split at `;`
    outside parentheses and at braces; a preprocessor line (`#pragma omp ...`) is one
    statement. Formatting and comments therefore never hide a copy;
  * each solution region of modules/NN-name/exercises/* gives its runs of WINDOW
    consecutive statements (the whole region when it is shorter), each with at least
    MIN_ALNUM letters and digits (so that `}` or `++i` match nothing);
  * every text file of the release outside modules/NN-name/ and tests/NN-name/ of that
    exercise is cut the same way; a run of statements equal to a solution's run is a leak.
Exit status 0: clean; 1: leaks (each with file:line and the exercise it copies); 2: usage.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import REPO
from ..classroom_build import STUBS
from .make import excluded, list_files, make_release
from .markers import MARKER_RE

WINDOW = 3      # statements per compared run
MIN_ALNUM = 40  # letters and digits a run needs to count
EXERCISE = re.compile(r"^modules/(\d\d-[^/]+)/exercises/[^/]+$")
# A string or character literal, a block comment, or a line comment (in that order, so
# that "//" inside a string is not a comment).
_LEXEME = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|/\*.*?\*/|//[^\n]*', re.S)


def _drop_comments(text: str) -> str:
    def keep(m: re.Match) -> str:
        s = m.group(0)
        if s.startswith("/*"):
            return "\n" * s.count("\n") or " "  # keep line numbers
        return "" if s.startswith("//") else s
    return _LEXEME.sub(keep, text)


def statements(text: str) -> list[tuple[str, int]]:
    """(normalised statement, line where it starts), in order."""
    out: list[tuple[str, int]] = []
    buf: list[str] = []
    start = 0
    depth = 0
    blank = True  # buf holds only whitespace (kept as we go: joining buf at every character is quadratic)

    def flush():
        nonlocal blank
        s = " ".join("".join(buf).split())
        if any(ch.isalnum() for ch in s):
            out.append((s, start))
        buf.clear()
        blank = True

    for no, line in enumerate(_drop_comments(text).splitlines(), 1):
        if line.lstrip().startswith("#"):  # a preprocessor line is a statement of its own
            flush()
            start = no
            buf.append(line)
            flush()
            continue
        for ch in line:
            if blank:
                start = no
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth = max(0, depth - 1)
            if (ch == ";" and depth == 0) or ch in "{}":
                flush()
                depth = 0 if ch in "{}" else depth
                continue
            buf.append(ch)
            blank = blank and ch.isspace()
        buf.append(" ")
    flush()
    return out


def _alnum(run: list[str]) -> int:
    return sum(ch.isalnum() for s in run for ch in s)


@dataclass
class Solution:
    exercise: str  # modules/NN-name/exercises/file:line of the region
    module: str    # NN-name
    runs: set[tuple[str, ...]]


def solution_regions(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each solution region of a file."""
    regions, cur, first = [], None, 0
    for no, line in enumerate(text.splitlines(keepends=True), 1):
        m = MARKER_RE.match(line.rstrip("\r\n"))
        if m and m["kind"] == "SOLUTION":
            if m["what"] == "BEGIN":
                cur, first = [], no + 1
            elif cur is not None:
                regions.append((first, "".join(cur)))
                cur = None
            continue
        if cur is not None:
            cur.append(line)
    return regions


def solutions(src: Path) -> list[Solution]:
    found = []
    for rel in list_files(src):
        m = EXERCISE.match(rel)
        if not m or excluded(rel) or not (src / rel).is_file():
            continue
        for first, body in solution_regions((src / rel).read_text(encoding="utf-8", errors="ignore")):
            st = [s for s, _ in statements(body)]
            width = min(WINDOW, len(st))
            runs = {tuple(st[i:i + width]) for i in range(len(st) - width + 1)} if width else set()
            runs = {r for r in runs if _alnum(list(r)) >= MIN_ALNUM}
            if runs:
                found.append(Solution(f"{rel}:{first}", m.group(1), runs))
    return found


def own(rel: str, module: str) -> bool:
    return rel.startswith((f"modules/{module}/", f"tests/{module}/"))


def check(src: Path, release: Path, verbose: bool = True) -> list[str]:
    sols = solutions(src)
    by_width: dict[int, dict[tuple[str, ...], list[Solution]]] = {}
    for s in sols:
        for r in s.runs:
            by_width.setdefault(len(r), {}).setdefault(r, []).append(s)
    leaks: list[str] = []
    for p in sorted(release.rglob("*")):
        if not p.is_file() or p.is_symlink():
            continue
        rel = p.relative_to(release).as_posix()
        copied = rel.removeprefix(STUBS.as_posix() + "/")  # the Classroom build's copy of a stub
        if copied != rel and (release / copied).is_file() and (release / copied).read_bytes() == p.read_bytes():
            continue  # the same bytes as the file checked under its own path
        try:
            text = p.read_bytes().decode("utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # not text: no code to compare
        st = statements(text)
        words = [s for s, _ in st]
        for width, table in by_width.items():
            for i in range(len(words) - width + 1):
                for s in table.get(tuple(words[i:i + width]), []):
                    if not own(rel, s.module):
                        leaks.append(f"{rel}:{st[i][1]}: holds {width} statements of the solution of {s.exercise}: "
                                     + " ; ".join(words[i:i + width]))
    if verbose:
        for leak in leaks:
            print("LEAK " + leak)
        print(f"check_answer_leaks: {len(sols)} solution regions, {len(leaks)} cross-module copies in {release}")
    return leaks


def self_test(src: Path, release: Path) -> int:
    """The clean release passes; a solution copied (reformatted, with comments) into another
    module's given code is caught; the same copy inside its own module is not a leak."""
    sols = solutions(src)
    if not sols:
        print("self-test: no solution regions in the source")
        return 1
    ok = not check(src, release, verbose=False)
    print(f"self-test: the release as made: {'clean' if ok else 'NOT CLEAN'}")
    sol = max(sols, key=lambda s: len(s.runs))
    run = sorted(sol.runs)[0]
    # One statement per line, odd spacing and comments between: the copy a student would see.
    planted = "\n".join(f"  /* copied */ {'  '.join(s.split(' '))}" + ("" if s.startswith("#") else " ;  // from elsewhere")
                         for s in run) + "\n"
    others = sorted(p for p in release.glob("modules/*/given/*") if p.is_file()
                    and not p.relative_to(release).as_posix().startswith(f"modules/{sol.module}/"))
    mine = sorted(release.glob(f"modules/{sol.module}/given/*"))
    cases = [("another module's given code", others[0] if others else None, True),
             ("its own module's given code", mine[0] if mine else None, False)]
    for name, target, must_catch in cases:
        if target is None:
            print(f"self-test: {name}: no such file in the release, skipped")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "rel"
            shutil.copytree(release, copy, symlinks=True)
            dest = copy / target.relative_to(release)
            dest.write_text(dest.read_text(encoding="utf-8") + "\n" + planted, encoding="utf-8")
            found = check(src, copy, verbose=False)
            right = bool(found) == must_catch
            verdict = ("caught" if found else "not reported") + ("" if right else " - WRONG")
            print(f"self-test: {sol.exercise} planted in {name} ({target.relative_to(release)}): {verdict}")
            ok = ok and right
    print("self-test:", "passed" if ok else "FAILED")
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", default=str(REPO))
    ap.add_argument("--release", help="a release made by tools/make_release.py (default: make one of every module)")
    ap.add_argument("--self-test", action="store_true", help="also prove that a planted copy is caught")
    a = ap.parse_args()
    src = Path(a.source).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        if a.release:
            rel = Path(a.release).resolve()
            if not (rel / ".parlab-release").exists():
                print(f"check_answer_leaks: {rel} is not a release made by tools/make_release.py", file=sys.stderr)
                return 2
        else:
            rel = Path(tmp) / "release"
            make_release(src, rel, None, "drop", quiet=True)
        if a.self_test:
            return self_test(src, rel)
        return 1 if check(src, rel) else 0
