"""Taking a submission: ONLY the exercise files the rubric names, found by path or
by name in loose files or a whole tree. Everything else (tests, CMake, common/)
comes from the grader's own release; a changed copy is reported as ignored.
A manual item's attachments (REPORT.md, report/NN/tables.md) are only read, for
the results' output (manual.py): never copied into the workspace, never run."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SKIP_DIRS = {".git", "build", "results", "node_modules", "__MACOSX", ".venv"}
# Written by tools/make_release.py for the release it makes, so they differ between
# a student's release (other modules) and the grader's; a student does not edit them.
RELEASE_METADATA = (".parlab-release", ".github/")


@dataclass
class Taken:
    files: dict[str, bytes] = field(default_factory=dict)  # rel -> content
    notes: list[str] = field(default_factory=list)


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


def ignored_changes(sub: Path, release: Path, files: list[str], root: Path | None,
                    handed_in: list[str] = ()) -> list[str]:
    """Files of a submission that differ from the release but are not exercise
    files: the grader uses its own copies (tampered tests change nothing). For a
    tree, by path from its root; for loose files, by name. `handed_in` (a manual
    item's attachments, e.g. the answered REPORT.md) are meant to differ."""
    out = []
    by_name: dict[str, list[Path]] = {}
    for p in sorted(release.rglob("*")):
        rel = p.relative_to(release).as_posix()
        if p.is_file() and not rel.startswith(RELEASE_METADATA):
            by_name.setdefault(p.name, []).append(p)
    exercise_names = {Path(f).name for f in [*files, *handed_in]}

    def differs(s: Path, p: Path) -> bool:
        try:
            return s.is_file() and not s.is_symlink() and s.stat().st_size < (4 << 20) and s.read_bytes() != p.read_bytes()
        except OSError:
            return False
    if root is not None:
        for ps in by_name.values():
            for p in ps:
                rel = p.relative_to(release).as_posix()
                if rel not in files and rel not in handed_in and differs(root / rel, p):
                    out.append(rel)
    else:
        for s in sorted(sub.iterdir()) if sub.is_dir() else []:
            if s.name in exercise_names or s.name not in by_name:
                continue
            if all(differs(s, p) for p in by_name[s.name]):
                out.append(s.name)
    return sorted(out)


def take(sub: Path, rubric: dict, release: Path) -> Taken:
    """The exercise files of a submission (file or folder), and what to tell the student."""
    t = Taken()
    files = rubric["files"]
    maxb = rubric["limits"]["max_file_kb"] << 10
    taken, missing, rejected, found = [], [], [], {}
    for rel in files:
        p = find_submitted(sub, rel) if sub.is_dir() else (sub if sub.name == Path(rel).name else None)
        if p is None:
            missing.append(rel)
            continue
        if p.stat().st_size > maxb:
            rejected.append(f"{rel} ({p.stat().st_size >> 10} KiB > {maxb >> 10} KiB)")
            continue
        found[rel] = p
        t.files[rel] = p.read_bytes()
        taken.append(f"{rel} <- {p.relative_to(sub) if sub.is_dir() else p.name}")
    t.notes.append("graded files: " + ("; ".join(taken) if taken else "none"))
    if missing:
        t.notes.append("not in the submission (the release's stub is used): " + ", ".join(missing))
    if rejected:
        t.notes.append("rejected (too large, the stub is used): " + ", ".join(rejected))
    if sub.is_dir():
        # the analysis a person grades (REPORT.md, report/): read for the output, never run
        handed_in = [a for it in rubric["items"] if it["type"] == "manual" for a in it["attach"]]
        ign = ignored_changes(sub, release, files, tree_root(sub, found), handed_in)
        if ign:
            shown = ", ".join(ign[:8]) + (f" and {len(ign) - 8} more" if len(ign) > 8 else "")
            t.notes.append(f"ignored: your changes to {shown} - only the exercise files are graded; "
                           "tests, build files and common/ come from the grader's own copy.")
    return t
