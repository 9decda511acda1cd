"""What a grade is and how it is shown: Gradescope results.json, JUnit XML and
the summary table (markdown, so Gradescope renders it)."""
from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from .manual import display_name
from .util import write_json


PENDING_SUFFIX = " [pending re-measurement]"
PENDING_HEAD = ("PENDING RE-MEASUREMENT - not a failure: these {points:g} points are in neither your score nor its "
                "maximum yet; the instructor grades this item again when it can be measured (a free machine; a "
                "GPU for an item on a device).\n\n")
PENDING_NOTE = ("**Pending re-measurement: {points:g} points ({items})** - the grader could not measure these now "
                "(the machine was too busy, or no GPU for an item on a device); they are not failures and are in neither the score nor its maximum "
                "until the instructor grades them again (`grade.py --only-pending results.json`).")


@dataclass
class Result:
    name: str
    max_score: float
    score: float = 0.0
    output: str = ""
    visibility: str = "visible"
    kind: str = "catch2"
    value: float | None = None
    counted: bool = True
    pending: bool = False  # not measured yet (the machine was too busy, or not run): neither scored nor failed

    @property
    def status(self) -> str:
        """passed / partial / failed / pending / n/a / manual. Gradescope knows only
        passed and failed: see gradescope_status."""
        if self.kind == "manual":
            return "manual"
        if not self.counted:
            return "n/a"
        if self.pending:
            return "pending"
        if self.score >= self.max_score:
            return "passed"
        return "partial" if self.score > 0 else "failed"

    @property
    def gradescope_status(self) -> str:
        # an item that carries no points (not counted, or pending) must not show red 0/0
        return "failed" if self.status == "failed" else "passed"

    @property
    def in_total(self) -> bool:
        """Its points are in the total's maximum: counted, and measured."""
        return self.counted and not self.pending


@dataclass
class Grade:
    assignment: str
    results: list[Result] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # for the instructor: allowed, but worth a look (gate.py)
    leaderboard: list[dict] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    @property
    def score(self) -> float:
        return round(sum(r.score for r in self.results if r.counted), 3)

    @property
    def max_score(self) -> float:
        return round(sum(r.max_score for r in self.results if r.in_total), 3)

    @property
    def pending(self) -> list[Result]:
        return [r for r in self.results if r.status == "pending"]

    @staticmethod
    def detail(r: Result) -> str:
        """The table's detail cell: the first informative line (a line ending in ':'
        announces what follows, which is then shown with it)."""
        lines = [ln.strip() for ln in r.output.strip().splitlines() if ln.strip()]
        if not lines:
            return ""
        text = lines[0]
        if text.endswith(":") and len(lines) > 1:
            text += " " + lines[1]
        text = text.replace("|", "/")
        return text if len(text) <= 110 else text[:107] + "..."

    def table(self) -> str:
        """Markdown: Gradescope renders it (output_format md); readable as text too."""
        by_hand = sum(r.max_score for r in self.results if r.kind == "manual")
        extra = f" (+ {by_hand:g} graded by hand)" if by_hand else ""
        lines = [f"**parlab {self.assignment}: {self.score:g} / {self.max_score:g} points{extra}**", ""]
        if self.pending:
            lines += [PENDING_NOTE.format(points=sum(r.max_score for r in self.pending),
                                          items=", ".join(r.name for r in self.pending)), ""]
        lines += ["| item | points | status | detail |", "|---|---:|---|---|"]
        for r in self.results:
            pts = f"{r.score:g}/{r.max_score:g}" if r.counted else "-"
            if r.kind == "manual":
                pts = f"({r.max_score:g} by hand)"
            elif r.status == "pending":
                pts = f"({r.max_score:g} pending)"
            lines.append(f"| {r.name} | {pts} | {r.status} | {self.detail(r)} |")
        if self.notes:
            lines += [""] + [f"- {n}" for n in self.notes]
        return "\n".join(lines)

    def gradescope(self) -> dict:
        return {
            "score": self.score,
            "max_score": self.max_score,
            "execution_time": round(time.monotonic() - self.started, 1),
            "output": self.table(),
            "output_format": "md",
            "visibility": "visible",
            "stdout_visibility": "hidden",
            "tests": [self.gradescope_test(r) for r in self.results],
            "leaderboard": self.leaderboard,
        }

    @staticmethod
    def gradescope_test(r: Result) -> dict:
        # a manual item: informational (0/0, passed, never red), its output the
        # student's attached analysis in markdown
        # a pending item: 0/0 (its points are in neither the score nor the maximum yet),
        # named and tagged so, its output led by what happened
        manual, pending = r.kind == "manual", r.status == "pending"
        name = display_name(r.name, r.max_score) if manual else r.name + (PENDING_SUFFIX if pending else "")
        return {"name": name, "score": r.score,
                "max_score": r.max_score if r.in_total else 0, "status": r.gradescope_status,
                "output": (PENDING_HEAD.format(points=r.max_score) + r.output) if pending else r.output,
                "output_format": "md" if manual else "text",
                "visibility": r.visibility, "tags": [r.kind] + (["pending"] if pending else []),
                "extra_data": {"item": r.name, "state": r.status, "points": r.max_score}}

    def junit(self) -> str:
        suite = ET.Element("testsuite", name=f"parlab-{self.assignment}", tests=str(len(self.results)),
                           failures=str(sum(r.status in ("failed", "partial") for r in self.results)),
                           skipped=str(sum(not r.in_total for r in self.results)),
                           time=f"{time.monotonic() - self.started:.1f}")
        for r in self.results:
            tc = ET.SubElement(suite, "testcase", classname=f"parlab.{self.assignment}", name=r.name)
            ET.SubElement(tc, "system-out").text = f"score {r.score:g}/{r.max_score:g}\n{r.output}"
            if r.kind == "manual":
                ET.SubElement(tc, "skipped", message=f"manual: graded by hand, {r.max_score:g} points")
            elif not r.counted:
                ET.SubElement(tc, "skipped", message=(r.output.splitlines() or [""])[0])
            elif r.status == "pending":
                ET.SubElement(tc, "skipped", message="pending re-measurement: " + (r.output.splitlines() or [""])[0][:200])
            elif r.status != "passed":
                ET.SubElement(tc, "failure", message=f"{r.status} {r.score:g}/{r.max_score:g}: "
                              + (r.output.splitlines() or [""])[0][:200])
        return ET.tostring(suite, encoding="unicode")


def take_over(results: list[Result], previous: dict) -> set[str]:
    """An earlier grade of the same submission (its results.json): every item it
    measured keeps that grade; returns the names of the items to grade now (pending
    there, or not in it)."""
    before = {(t.get("extra_data") or {}).get("item"): t for t in previous.get("tests", [])}
    todo = set()
    for r in results:
        t = before.get(r.name)
        state = (t.get("extra_data") or {}).get("state") if t else None
        if r.kind == "manual":
            continue  # attached again from the submission
        if state in (None, "pending"):
            todo.add(r.name)
            continue
        r.score, r.output, r.counted, r.pending = float(t["score"]), t["output"], state != "n/a", False
    return todo


def emit(g: Grade, results: Path | None, junit: Path | None, summary: Path | None, quiet: bool) -> None:
    if results:
        write_json(results, g.gradescope())
    if junit:
        junit.parent.mkdir(parents=True, exist_ok=True)
        junit.write_text(g.junit())
    if summary:
        summary.parent.mkdir(parents=True, exist_ok=True)
        summary.write_text(g.table() + "\n")
    if not quiet:
        print(g.table())
