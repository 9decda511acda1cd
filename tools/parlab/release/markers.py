"""Solution markers: parsing and the student transformation (shared by the release tools).

A solution region and its optional student block:

    // BEGIN SOLUTION          (or "# BEGIN SOLUTION" in CMake, shell, Python, Makefiles)
    ...reference solution...
    // END SOLUTION
    // BEGIN STUDENT
    // // TODO: what to do
    // throw not_implemented("...");
    // END STUDENT

The release deletes the solution region and un-comments the student block: one
leading comment marker ("// " or "# ") is removed from each line, indentation kept.
In Markdown (.md) the instructor's text (a README's measured figures, which the
student is asked to predict) sits between

    <!-- BEGIN INSTRUCTOR -->
    ...figures the student must not read before predicting...
    <!-- END INSTRUCTOR -->

and the release deletes the region, markers included (strip_instructor).

Marker lines may be indented. Anything malformed (END without BEGIN, nesting, a
STUDENT block that does not follow a SOLUTION region, an unclosed region) is an
error naming file and line: a silently half-stripped file is how solutions leak.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# Files whose markers are processed. Markers elsewhere (e.g. the README that
# documents them) are text, not markers.
CODE_SUFFIXES = {".cpp", ".hpp", ".h", ".cc", ".cxx", ".c", ".cmake", ".sh", ".py", ".txt", ".in"}
CODE_NAMES = {"CMakeLists.txt", "Makefile", "makefile", "run_autograder", "setup.sh"}

MARKER_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<c>//|#)[ \t]*(?P<what>BEGIN|END)[ \t]+(?P<kind>SOLUTION|STUDENT)\b.*$")


INSTRUCTOR_RE = re.compile(r"^[ \t]*<!--[ \t]*(?P<what>BEGIN|END)[ \t]+INSTRUCTOR\b.*-->[ \t]*$")
INSTRUCTOR_SUFFIXES = {".md"}


class MarkerError(Exception):
    pass


def is_instructor_file(path: Path) -> bool:
    return path.suffix in INSTRUCTOR_SUFFIXES


def instructor_lines(text: str, name: str = "<text>") -> tuple[list[str], list[str]]:
    """(the text without its instructor regions, the lines removed). Malformed (END
    without BEGIN, nesting, unclosed) raises MarkerError naming file and line."""
    out: list[str] = []
    removed: list[str] = []
    inside, begin_line = False, 0
    for no, line in enumerate(text.splitlines(keepends=True), 1):
        m = INSTRUCTOR_RE.match(line.rstrip("\r\n"))
        if m:
            if m["what"] == "BEGIN":
                if inside:
                    raise MarkerError(f"{name}:{no}: BEGIN INSTRUCTOR inside an open one (line {begin_line})")
                inside, begin_line = True, no
            else:
                if not inside:
                    raise MarkerError(f"{name}:{no}: END INSTRUCTOR without BEGIN INSTRUCTOR")
                inside = False
            continue
        (removed if inside else out).append(line)
    if inside:
        raise MarkerError(f"{name}:{begin_line}: INSTRUCTOR block is never closed")
    return out, [l.rstrip("\r\n") for l in removed]


def strip_instructor(text: str, name: str = "<text>") -> tuple[str, int]:
    """The student's version of a Markdown file and how many lines it lost."""
    out, removed = instructor_lines(text, name)
    return "".join(out), len(removed)


def is_code_file(path: Path) -> bool:
    return path.name in CODE_NAMES or path.suffix in CODE_SUFFIXES


@dataclass
class Stripped:
    text: str                              # the student version of the file
    solution_lines: list[str] = field(default_factory=list)  # lines removed as solution
    regions: int = 0                       # solution regions found


def _uncomment(line: str, c: str) -> str:
    """Remove one leading comment marker ("// " or "# "), keep the indentation."""
    body = line.lstrip(" \t")
    indent = line[: len(line) - len(body)]
    if body.startswith(c + " "):
        return indent + body[len(c) + 1:]
    if body.rstrip("\r\n") == c:
        return "\n" if line.endswith("\n") else ""
    if body.startswith(c):
        return indent + body[len(c):]
    return line  # a line without a marker stays as it is (e.g. a blank line)


def strip_text(text: str, name: str = "<text>") -> Stripped:
    out: list[str] = []
    sol: list[str] = []
    state = "code"            # code | solution | after_solution | student
    comment = "//"
    regions = 0
    begin_line = 0
    for no, line in enumerate(text.splitlines(keepends=True), 1):
        m = MARKER_RE.match(line.rstrip("\r\n"))
        if m:
            what, kind = m["what"], m["kind"]
            where = f"{name}:{no}"
            if what == "BEGIN" and kind == "SOLUTION":
                if state in ("solution", "student"):
                    raise MarkerError(f"{where}: BEGIN SOLUTION inside an open {state.upper()} block (line {begin_line})")
                state, comment, begin_line = "solution", m["c"], no
                regions += 1
            elif what == "END" and kind == "SOLUTION":
                if state != "solution":
                    raise MarkerError(f"{where}: END SOLUTION without BEGIN SOLUTION")
                state = "after_solution"
            elif what == "BEGIN" and kind == "STUDENT":
                if state != "after_solution":
                    raise MarkerError(f"{where}: BEGIN STUDENT must directly follow an END SOLUTION")
                state, begin_line = "student", no
                comment = m["c"]
            else:  # END STUDENT
                if state != "student":
                    raise MarkerError(f"{where}: END STUDENT without BEGIN STUDENT")
                state = "code"
            continue
        if state == "solution":
            sol.append(line.rstrip("\r\n"))
        elif state == "student":
            out.append(_uncomment(line, comment))
        else:
            if state == "after_solution" and line.strip():
                state = "code"
            out.append(line)
    if state in ("solution", "student"):
        raise MarkerError(f"{name}:{begin_line}: {state.upper()} block is never closed")
    return Stripped("".join(out), sol, regions)


def has_markers(text: str) -> bool:
    return any(MARKER_RE.match(l) for l in text.splitlines())


# ---- normalisation for the leak check ----------------------------------------
_COMMENT_LEAD = re.compile(r"^(//+|#+|/\*+|\*+/?|<!--)\s*")
_WS = re.compile(r"\s+")


def normalize(line: str) -> str:
    """Comparable form of a line: no indentation, no leading comment marker(s),
    whitespace collapsed. A solution line pasted into a comment still matches."""
    s = line.strip()
    for _ in range(3):
        s2 = _COMMENT_LEAD.sub("", s)
        if s2 == s:
            break
        s = s2
    return _WS.sub(" ", s).strip()


def significant(norm: str, min_chars: int = 12) -> bool:
    """Lines too short or without any identifier are shared by everything
    ("}", "} else {", "return;")."""
    return len(norm) >= min_chars and sum(ch.isalnum() for ch in norm) >= 6
