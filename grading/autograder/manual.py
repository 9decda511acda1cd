"""Manual items: the analysis (REPORT.md and the tables of `make report`) that a
person grades. The autograder never scores them; it attaches what the student
handed in to the results, and the package tells the instructor what to grade."""
from __future__ import annotations

from pathlib import Path

from .submission import Tree

ATTACH_KB = 48  # per attached file: Gradescope's results.json must stay small


def check_item(it: dict, where: str) -> None:
    """A manual item's own fields; load_rubric calls this."""
    if not isinstance(it.get("points"), (int, float)) or it["points"] <= 0:
        raise SystemExit(f"{where}: manual item {it['name']!r}: needs positive 'points'")
    for key in ("guidance", "attach"):
        v = it.get(key)
        if not isinstance(v, list) or not v or not all(isinstance(s, str) and s for s in v):
            raise SystemExit(f"{where}: manual item {it['name']!r}: '{key}' must be a non-empty list of strings")
    for rel in it["attach"]:
        if rel.startswith("/") or ".." in Path(rel).parts:
            raise SystemExit(f"{where}: manual item {it['name']!r}: attach path {rel!r} must stay inside the submission")


def display_name(it_name: str, points: float) -> str:
    return f"{it_name} (graded by hand, {points:g} points)"


def capped(data: bytes, size: int, limit: int) -> str:
    text = data[:limit].decode("utf-8", errors="replace")
    if size > limit:
        text += f"\n\n*(cut at {limit >> 10} KiB: the grader sees the whole file in the submission)*"
    return text


def attachments(sub: Path, it: dict, limit_kb: int = ATTACH_KB) -> str:
    """Markdown: every `attach` file of the submission (read, never run, never through
    a symlink), or a clear line that it was not handed in."""
    tree = Tree(sub)
    parts, missing = [], []
    for rel in it["attach"]:
        f = tree.find(rel) if tree.is_dir else None
        got = None if f is None else tree.read(f, limit_kb << 10)
        if got is None:
            folder = rel.split("/")
            how = (f" (run `make report MODULE={folder[1][:2]}` and hand in {'/'.join(folder[:2])}/)"
                   if folder[0] == "report" and len(folder) > 2 else "")
            parts.append(f"### {rel}\n\n**{rel} was not handed in**{tree.case_hint(rel) or how}.")
            missing.append(rel)
            continue
        parts.append(f"### {rel}" + (f" (from {f})" if f != rel else "") + "\n\n" + capped(*got, limit_kb << 10))
    state = ("NOT handed in: " + ", ".join(missing)) if missing else "handed in: " + ", ".join(it["attach"])
    skipped = "".join(f"\n\n{s}" for s in tree.skipped(it["attach"])) if missing else ""
    head = (f"graded by hand ({it['points']:g} points), not by the autograder; {state}{skipped}\n\n"
            "Your analysis as the grader sees it:")
    return "\n\n".join([head] + parts)


def attach_all(rubric: dict, results: list, sub: Path) -> None:
    """Each manual item's result shows the submission's attachments."""
    for it, res in zip(rubric["items"], results):
        if it["type"] == "manual":
            res.output = attachments(sub, it)


def grading_sheet(rubrics: list[dict]) -> str:
    """MANUAL_GRADING.md: what the instructor sets up in Gradescope by hand."""
    lines = ["# Manually graded items", "",
             "The autograder does not score these: its total is the autograded points only. For each item",
             "below, add a manually graded question to the Gradescope assignment with these points, and",
             "grade it from the files the autograder attaches to the submission's results (the test named",
             "\"... (graded by hand, N points)\"; it says when a file was not handed in).", ""]
    for r in rubrics:
        for it in (i for i in r["items"] if i["type"] == "manual"):
            lines += [f"## {r['assignment']}: {it['name']} - {it['points']:g} points", ""]
            if it.get("scheme"):
                lines += [it["scheme"], ""]
            lines += ["Attached from the submission: " + ", ".join(f"`{a}`" for a in it["attach"]), "",
                      "Guidance:", ""] + [f"- {g}" for g in it["guidance"]] + [""]
    return "\n".join(lines)
