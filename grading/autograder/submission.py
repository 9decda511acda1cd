"""Taking a submission: ONLY the exercise files the rubric names, found by path or
by name in loose files or a whole tree. Everything else (tests, CMake, common/)
comes from the grader's own release; a changed copy is reported as ignored.
A manual item's attachments (REPORT.md, report/NN/tables.md) are only read, for
the results' output (manual.py): never copied into the workspace, never run.

No symlink in a submission is ever followed, at any depth, nor a submission that
is itself a link: the grader reads as root, and a link could lead to a classmate's
tree or to the instructor's solutions. Each skipped link is said to the student,
and so is a file whose name differs from an expected one only by case."""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

SKIP_DIRS = {".git", "build", "results", "node_modules", "__MACOSX", ".venv"}
# Written by tools/make_release.py for the release it makes, so they differ between
# a student's release (other modules) and the grader's; a student does not edit them.
RELEASE_METADATA = (".parlab-release", ".github/")
RELEASE_MARKER = ".parlab-release"  # its "files as released" lines: sha256 and path of each file
GENERATED = ("README.md", "assigned-modules.txt")  # per release; left out when a tree has no marker
RUBRICS = Path(__file__).resolve().parent.parent / "rubrics"
MAX_FILES = 20000  # a walk stops here (a submission is a repository, not a disk)
NEVER_FOLLOWED = "symlinks are never followed; hand in the files themselves"


@dataclass
class Taken:
    files: dict[str, bytes] = field(default_factory=dict)  # rel -> content
    notes: list[str] = field(default_factory=list)


def open_regular(sub: Path, rel: str = "") -> int | None:
    """A read-only fd on the regular file sub/rel (sub itself when rel is ""), or None.
    Opened one component at a time with O_NOFOLLOW, so a link at sub or anywhere
    below it gives None even if it was swapped in after the walk."""
    names = [str(sub), *rel.split("/")] if rel else [str(sub)]
    fd = None
    try:
        for name in names[:-1]:
            nxt = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            if fd is not None:
                os.close(fd)
            fd = nxt
        # only a regular file is opened (never a FIFO or device), and it must still be one
        if not stat.S_ISREG(os.stat(names[-1], dir_fd=fd, follow_symlinks=False).st_mode):
            return None
        f = os.open(names[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
    except OSError:
        return None
    finally:
        if fd is not None:
            os.close(fd)
    if not stat.S_ISREG(os.fstat(f).st_mode):
        os.close(f)
        return None
    return f


def read_regular(sub: Path, rel: str, limit: int) -> tuple[bytes, int] | None:
    """The first `limit` bytes of the regular file sub/rel and its size; None when it is
    not one or a link is on its way (open_regular)."""
    fd = open_regular(sub, rel)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as f:
        return f.read(limit), os.fstat(f.fileno()).st_size


class Tree:
    """A submission as the grader sees it, found without following any link: its regular
    files (relative paths; "" is a single-file submission itself), the links it skipped
    (path -> target; "" when the submission itself is one) and which of them are folders."""

    def __init__(self, sub: Path):
        self.sub = sub
        self.files: list[str] = []
        self.links: dict[str, str] = {}
        self.linked_dirs: set[str] = set()
        try:
            mode = os.lstat(sub).st_mode
        except OSError:
            mode = 0
        self.is_dir = stat.S_ISDIR(mode)
        if stat.S_ISLNK(mode):
            self.links[""] = os.readlink(sub)
        elif stat.S_ISREG(mode):
            self.files.append("")
        elif stat.S_ISDIR(mode):
            self.walk()

    def walk(self) -> None:
        for root, dirs, files in os.walk(self.sub, followlinks=False):  # a linked folder is listed, not entered
            here = Path(root).relative_to(self.sub)
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
            for name in [*dirs, *sorted(files)]:
                p = os.path.join(root, name)
                rel = (here / name).as_posix()
                mode = os.lstat(p).st_mode
                if stat.S_ISLNK(mode):
                    self.links[rel] = os.readlink(p)
                    if name in dirs:
                        self.linked_dirs.add(rel)
                elif stat.S_ISREG(mode):
                    self.files.append(rel)
            if len(self.files) > MAX_FILES:
                break

    def name(self, rel: str) -> str:
        return rel.rsplit("/", 1)[-1] if rel else self.sub.name

    def shown(self, rel: str) -> str:
        return rel or self.sub.name

    def by_suffix(self, rel: str, cands: list[str]) -> str | None:
        """The candidate whose path ends with the most of rel's path, then the shallowest."""
        parts = rel.lower().split("/")

        def suffix_len(c: str) -> int:
            cp = self.shown(c).lower().split("/")
            n = 0
            while n < min(len(cp), len(parts)) and cp[-1 - n] == parts[-1 - n]:
                n += 1
            return n
        return min(cands, key=lambda c: (-suffix_len(c), c.count("/")), default=None)

    def find(self, rel: str) -> str | None:
        """The submission's copy of `rel`: the same relative path, else the same file name
        anywhere (the longest matching path suffix wins)."""
        fd = open_regular(self.sub, rel) if self.is_dir else None  # found even past MAX_FILES
        if fd is not None:
            os.close(fd)
            return rel
        name = Path(rel).name
        return self.by_suffix(rel, [f for f in self.files if self.name(f) == name])

    def same_but_case(self, rel: str) -> str | None:
        """A file named like `rel` but for upper/lower case (Matmul_Interchange.cpp, report.md)."""
        name = Path(rel).name
        return self.by_suffix(rel, [f for f in self.files if self.name(f) != name
                                    and self.name(f).lower() == name.lower()])

    def case_hint(self, rel: str) -> str:
        """For a missing `rel`: the file that may have been meant, if any."""
        other = self.same_but_case(rel)
        return f" (found {self.shown(other)}, whose name differs only by case: rename it)" if other else ""

    def skipped(self, names: list[str]) -> list[str]:
        """What to say of the skipped links: the submission itself, each linked folder (it may
        have held the files), each linked file named (but for case) like one of `names`."""
        if "" in self.links:
            return [f"the submission {self.sub} is a symlink (-> {self.links['']}): nothing was taken; "
                    + NEVER_FOLLOWED]
        wanted = {Path(n).name.lower() for n in names}
        said = [f"skipped symlink {self.shown(rel)} -> {target}: {NEVER_FOLLOWED}"
                for rel, target in self.links.items()
                if rel in self.linked_dirs or self.name(rel).lower() in wanted]
        return said[:8] + ([f"and {len(said) - 8} more symlinks skipped"] if len(said) > 8 else [])

    def read(self, rel: str, limit: int) -> tuple[bytes, int] | None:
        return read_regular(self.sub, rel, limit)


def tree_root(found: dict[str, str]) -> str | None:
    """The folder (relative to the submission; "" for itself) of a whole-tree submission
    that plays the repository root. `found`: exercise file -> where it was found."""
    for rel, f in found.items():
        if f == rel:
            return ""
        if f.endswith("/" + rel):
            return f[: -len(rel) - 1]
    return None


def assignment_files(rubrics: Path = RUBRICS) -> set[str]:
    """Every assignment's exercise files and hand-ins (REPORT.md, tables): a student edits
    them, so they are never "ignored changes", whichever assignment is graded."""
    out: set[str] = set()
    for p in sorted(rubrics.glob("*.json")) if rubrics.is_dir() else []:
        try:
            r = json.loads(p.read_text())
        except (OSError, ValueError):
            continue
        out |= set(r.get("files", []))
        out |= {a for it in r.get("items", []) if it.get("type") == "manual" for a in it.get("attach", [])}
    return out


def as_released(sub: Path, prefix: str) -> dict[str, str] | None:
    """path -> sha256 of each file of the release the student received (its marker), or None."""
    got = read_regular(sub, prefix + RELEASE_MARKER, 4 << 20)
    if got is None:
        return None
    lines = [re.match(r"^([0-9a-f]{64})  (.+)$", line) for line in got[0].decode("utf-8", "replace").splitlines()]
    found = {m.group(2): m.group(1) for m in lines if m}
    return found or None


def ignored_changes(sub: Path, release: Path, files: list[str], root: Path | None,
                    handed_in: list[str] = (), others: set[str] = frozenset()) -> list[str]:
    """Files of a submission that the student changed but are not exercise files: the
    grader uses its own copies (tampered tests change nothing). For a tree, by path from
    its root, against the release the student received (the hashes in its .parlab-release;
    without them, the grader's release but for the files each release writes anew); for
    loose files, by name. `handed_in` (a manual item's attachments, e.g. the answered
    REPORT.md) are meant to differ, and so are `others` (other assignments' files)."""
    out = []
    by_name: dict[str, list[Path]] = {}
    for p in sorted(release.rglob("*")):
        rel = p.relative_to(release).as_posix()
        if p.is_file() and not rel.startswith(RELEASE_METADATA) and rel not in others:
            by_name.setdefault(p.name, []).append(p)
    exercise_names = {Path(f).name for f in [*files, *handed_in]}

    def differs(rel: str, p: Path, sha: str | None = None) -> bool:  # rel: in the submission; never through a link
        got = read_regular(sub, rel, 4 << 20)
        if got is None or got[1] >= (4 << 20):
            return False
        return hashlib.sha256(got[0]).hexdigest() != sha if sha else got[0] != p.read_bytes()
    if root is not None:
        prefix = "" if root == sub else root.relative_to(sub).as_posix() + "/"
        received = as_released(sub, prefix)
        for ps in by_name.values():
            for p in ps:
                rel = p.relative_to(release).as_posix()
                if rel in files or rel in handed_in or (received is None and rel in GENERATED):
                    continue
                if differs(prefix + rel, p, (received or {}).get(rel)):
                    out.append(rel)
    else:
        for s in sorted(sub.iterdir()) if sub.is_dir() else []:
            if s.name in exercise_names or s.name not in by_name or s.name in GENERATED:
                continue
            if all(differs(s.name, p) for p in by_name[s.name]):
                out.append(s.name)
    return sorted(out)


def take(sub: Path, rubric: dict, release: Path) -> Taken:
    """The exercise files of a submission (file or folder), and what to tell the student."""
    t = Taken()
    tree = Tree(sub)
    files = rubric["files"]
    maxb = rubric["limits"]["max_file_kb"] << 10
    taken, missing, rejected, found = [], [], [], {}
    for rel in files:
        f = tree.find(rel)
        got = None if f is None else tree.read(f, maxb)
        if got is None:
            missing.append(rel + tree.case_hint(rel))
            continue
        if got[1] > maxb:
            rejected.append(f"{rel} ({got[1] >> 10} KiB > {maxb >> 10} KiB)")
            continue
        found[rel] = f
        t.files[rel] = got[0]
        taken.append(f"{rel} <- {tree.shown(f)}")
    t.notes.append("graded files: " + ("; ".join(taken) if taken else "none"))
    if missing:
        t.notes.append("not in the submission (the release's stub is used): " + ", ".join(missing))
    if rejected:
        t.notes.append("rejected (too large, the stub is used): " + ", ".join(rejected))
    t.notes += tree.skipped(files)
    if tree.is_dir:
        # the analysis a person grades (REPORT.md, report/): read for the output, never run
        handed_in = [a for it in rubric["items"] if it["type"] == "manual" for a in it["attach"]]
        root = tree_root(found)
        ign = ignored_changes(sub, release, files, None if root is None else sub / root, handed_in,
                              assignment_files())
        if ign:
            shown = ", ".join(ign[:8]) + (f" and {len(ign) - 8} more" if len(ign) > 8 else "")
            t.notes.append(f"ignored: your changes to {shown} - only the exercise files are graded; "
                           "tests, build files and common/ come from the grader's own copy.")
    return t
