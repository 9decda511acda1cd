#!/usr/bin/env python3
"""Symlinks in a submission are never followed (stdlib unittest, no build, no
workspace). The grader runs as root: a link to a classmate's tree or to the
instructor's repository must not put their code into this grade nor their
REPORT.md into its results. Each skipped link, and each file whose name differs
from an expected one only by case, is said to the student."""
from __future__ import annotations

import os
import tempfile
import unittest
from pathlib import Path

from autograder import manual, rubric as rubric_mod
from autograder.submission import take

REPO = Path(__file__).resolve().parents[2]

R = rubric_mod.load_rubric(rubric_mod.find_rubric("01-sequential"))
MANUAL = next(it for it in R["items"] if it["type"] == "manual")
M = "modules/01-sequential"
EX = f"{M}/exercises"
INTERCHANGE, BLOCKED = R["files"]  # EX/matmul_interchange.cpp, EX/matmul_blocked.cpp
REPORT, TABLES = f"{M}/REPORT.md", "report/01-sequential/tables.md"
NEVER = "symlinks are never followed; hand in the files themselves"


class Links(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.top = Path(tmp.name)
        self.release = self.tree("release", "release stub")
        self.bob = self.tree("bob", "bob's code", report="bob's answers")
        self.instructor = self.tree("instructor", "SOLUTION", report="expected answers")
        self.sub = self.top / "alice"
        self.sub.mkdir()

    def tree(self, name: str, code: str, report: str = "REPORT template") -> Path:
        root = self.top / name
        for rel, text in ((INTERCHANGE, code), (BLOCKED, code), (REPORT, report), (TABLES, f"{name}'s table"),
                          ("tests/01-sequential/test_x.cpp", f"{name}'s test")):
            write(root / rel, text + "\n")
        return root

    def link(self, rel: str, target: str | Path) -> None:
        (self.sub / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, self.sub / rel)

    def taken(self, sub: Path | None = None) -> tuple[dict[str, bytes], str]:
        t = take(sub or self.sub, R, self.release)
        return t.files, "\n".join(t.notes)

    def assertNothingOf(self, text: str, *owners: str) -> None:
        for o in owners:
            self.assertNotIn(o, text)

    def test_a_modules_link_to_a_classmate_takes_nothing_of_theirs(self):
        self.link("modules", "../bob/modules")
        files, notes = self.taken()
        self.assertEqual(files, {})
        self.assertIn(f"skipped symlink modules -> ../bob/modules: {NEVER}", notes)
        self.assertIn(f"not in the submission (the release's stub is used): {INTERCHANGE}, {BLOCKED}", notes)
        out = manual.attachments(self.sub, MANUAL)
        self.assertNothingOf(out, "bob's answers")
        self.assertIn(f"**{REPORT} was not handed in**", out)
        self.assertIn("skipped symlink modules -> ../bob/modules", out)

    def test_a_link_to_the_instructors_repository_deep_in_the_path(self):
        # an absolute link at the last folder, and the tests folder linked too
        self.link(EX, self.instructor / EX)
        self.link("tests", self.instructor / "tests")
        write(self.sub / REPORT, "my answers\n")
        files, notes = self.taken()
        self.assertEqual(files, {})
        self.assertIn(f"skipped symlink {EX} -> {self.instructor / EX}: {NEVER}", notes)
        self.assertIn(f"skipped symlink tests -> {self.instructor / 'tests'}", notes)
        self.assertNotIn("ignored: your changes", notes)  # the instructor's tests were not read
        self.assertIn("my answers", manual.attachments(self.sub, MANUAL))

    def test_a_file_link_is_skipped_and_said(self):
        write(self.sub / BLOCKED, "my blocked\n")
        self.link(INTERCHANGE, self.bob / INTERCHANGE)
        files, notes = self.taken()
        self.assertEqual(files, {BLOCKED: b"my blocked\n"})
        self.assertIn(f"skipped symlink {INTERCHANGE} -> {self.bob / INTERCHANGE}: {NEVER}", notes)
        self.assertIn(f"not in the submission (the release's stub is used): {INTERCHANGE}", notes)

    def test_a_linked_report_and_a_linked_report_folder_are_not_attached(self):
        self.link(REPORT, "../../../bob/" + REPORT)
        self.link("report", self.bob / "report")
        out = manual.attachments(self.sub, MANUAL)
        self.assertNothingOf(out, "bob's answers", "bob's table")
        self.assertIn(f"NOT handed in: {TABLES}, {REPORT}", out)
        self.assertIn(f"skipped symlink {REPORT} -> ../../../bob/{REPORT}: {NEVER}", out)
        self.assertIn(f"skipped symlink report -> {self.bob / 'report'}", out)

    def test_a_link_in_a_nested_tree_is_not_followed_either(self):
        self.link("parlab-main", self.bob)
        files, notes = self.taken()
        self.assertEqual(files, {})
        self.assertIn(f"skipped symlink parlab-main -> {self.bob}", notes)
        self.assertNothingOf(manual.attachments(self.sub, MANUAL), "bob's answers", "bob's table")

    def test_a_linked_submission_root_is_refused(self):
        alias = self.top / "alias"
        os.symlink(self.bob, alias)
        files, notes = self.taken(alias)
        self.assertEqual(files, {})
        self.assertIn("is a symlink", notes)
        self.assertNothingOf(manual.attachments(alias, MANUAL), "bob's answers", "bob's table")

    def test_a_symlink_loop_is_harmless(self):
        self.hand_in_all()
        self.link("loop", ".")
        self.link(f"{M}/a", "b")
        self.link(f"{M}/b", "a")
        self.link(f"{EX}/matmul_blocked.cpp.orig", "matmul_blocked.cpp.orig")
        files, notes = self.taken()
        self.assertEqual(files, {INTERCHANGE: b"my interchange\n", BLOCKED: b"my blocked\n"})
        self.assertIn(f"skipped symlink loop -> .: {NEVER}", notes)
        self.assertIn("my answers", manual.attachments(self.sub, MANUAL))

    def test_a_name_that_differs_only_by_case_is_said(self):
        write(self.sub / EX / "Matmul_Interchange.cpp", "my interchange\n")
        write(self.sub / BLOCKED, "my blocked\n")
        write(self.sub / M / "report.md", "my answers\n")
        files, notes = self.taken()
        self.assertEqual(files, {BLOCKED: b"my blocked\n"})
        case = "whose name differs only by case: rename it"
        self.assertIn(f"not in the submission (the release's stub is used): {INTERCHANGE}"
                      f" (found {EX}/Matmul_Interchange.cpp, {case})", notes)
        out = manual.attachments(self.sub, MANUAL)
        self.assertIn(f"**{REPORT} was not handed in** (found {M}/report.md, {case})", out)
        self.assertNotIn("my answers", out)

    def test_an_honest_submission_is_taken_as_before(self):
        self.hand_in_all()
        write(self.sub / "tests/01-sequential/test_x.cpp", "my changed test\n")
        files, notes = self.taken()
        self.assertEqual(files, {INTERCHANGE: b"my interchange\n", BLOCKED: b"my blocked\n"})
        self.assertNotIn("symlink", notes)
        self.assertNotIn("not in the submission", notes)
        self.assertIn("ignored: your changes to tests/01-sequential/test_x.cpp", notes)
        out = manual.attachments(self.sub, MANUAL)
        self.assertIn(f"handed in: {TABLES}, {REPORT}", out)
        self.assertIn("my answers", out)
        self.assertIn("alice's table", out)
        # loose files (one folder of exercise files) and a single file
        loose = self.top / "loose"
        write(loose / "matmul_interchange.cpp", "loose interchange\n")
        self.assertEqual(self.taken(loose)[0], {INTERCHANGE: b"loose interchange\n"})
        self.assertEqual(self.taken(loose / "matmul_interchange.cpp")[0], {INTERCHANGE: b"loose interchange\n"})

    def hand_in_all(self) -> None:
        write(self.sub / INTERCHANGE, "my interchange\n")
        write(self.sub / BLOCKED, "my blocked\n")
        write(self.sub / REPORT, "my answers\n")
        write(self.sub / TABLES, "alice's table\n")


def write(p: Path, text: str) -> None:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
