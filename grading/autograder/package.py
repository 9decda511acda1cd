"""The Gradescope autograder zip: setup.sh and run_autograder at its root, the
grader package and the parlab package it imports (records, launcher), the rubric
and the student release beside them."""
from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from .manual import grading_sheet
from .session import make_release_for

GRADING = Path(__file__).resolve().parents[1]
PARLAB = GRADING / "parlab"  # the link to tools/parlab: grade.py imports it from beside itself


def package(rubric: dict, out: Path, extra: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rel = make_release_for(rubric, Path(tmp) / "release")
        out.parent.mkdir(parents=True, exist_ok=True)
        race = any(it["type"] == "race" for it in rubric["items"])
        sheet = manual_sheet(rubric, out)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            def add(data: bytes, arc: str, mode: int = 0o644) -> None:
                info = zipfile.ZipInfo(arc)
                info.external_attr = (0o100000 | mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
            for name in ("setup.sh", "run_autograder"):
                text = (GRADING / "gradescope" / name).read_text()
                text = text.replace("@ASSIGNMENT@", rubric["assignment"]).replace("@RACE@", "1" if race else "0")
                add(text.replace("@EXTRA@", " ".join(extra)).encode(), name, 0o755)
            add((GRADING / "grade.py").read_bytes(), "grade.py", 0o755)
            for p in sorted((GRADING / "autograder").glob("*.py")):
                add(p.read_bytes(), f"autograder/{p.name}")
            for p in sorted(PARLAB.rglob("*.py")):
                add(p.read_bytes(), "parlab/" + p.relative_to(PARLAB).as_posix())
            add(Path(rubric["_path"]).read_bytes(), "rubric.json")
            if sheet:
                add(sheet.encode(), "MANUAL_GRADING.md")
            for p in sorted(rel.rglob("*")):
                if p.is_file():
                    add(p.read_bytes(), "release/" + p.relative_to(rel).as_posix(), 0o755 if os.access(p, os.X_OK) else 0o644)
    print(f"Gradescope package: {out} (upload it as the assignment's autograder; setup.sh and run_autograder at its root)")
    if sheet:
        print(f"manually graded items: {sheet_path(out)} (add each as a manual question in Gradescope)")


def sheet_path(out: Path) -> Path:
    return out.with_name(out.stem + ".MANUAL_GRADING.md")


def manual_sheet(rubric: dict, out: Path) -> str:
    """The instructor's sheet for the manual items, beside the zip (and in it); ''
    when the rubric has none."""
    if not any(it["type"] == "manual" for it in rubric["items"]):
        return ""
    sheet = grading_sheet([rubric])
    sheet_path(out).write_text(sheet)
    return sheet
