#!/usr/bin/env python3
"""The analysis as a manual rubric item (stdlib unittest, no grading workspace):
never scored, shown as an informational 0/0 item with the student's tables
attached, listed for the instructor in MANUAL_GRADING.md, and in the READMEs."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

from autograder import manual, package, rubric as rubric_mod
from autograder.grader import initial_results
from autograder.report import Grade
from autograder.submission import take

REPO = Path(__file__).resolve().parents[2]

RUBRICS = sorted((REPO / "grading" / "rubrics").glob("*.json"))
TABLE = "| rung | median s | rate |\n|---|---:|---:|\n| naive | 1.92 | 1.12 |\n| interchange | 0.21 | 10.2 |\n"


def rubric(name: str) -> dict:
    return rubric_mod.load_rubric(rubric_mod.find_rubric(name))


def manual_of(r: dict) -> dict:
    return next(it for it in r["items"] if it["type"] == "manual")


def graded(r: dict, sub: Path) -> Grade:
    """A grade as the grader builds it: every autograded item at full marks, the
    manual item's output taken from the submission."""
    g = Grade(r["assignment"])
    g.results = initial_results(r)
    for res in g.results:  # each pending until graded
        if res.counted:
            res.score, res.output, res.pending = res.max_score, "passed", False
    manual.attach_all(r, g.results, sub)
    return g


class ManualItems(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.sub = Path(self.tmp.name) / "submission"
        self.sub.mkdir()

    def hand_in(self, rel: str, text: str) -> None:
        p = self.sub / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)

    def test_every_rubric_has_the_analysis_and_it_is_not_scored(self):
        for p in RUBRICS:
            r = rubric_mod.load_rubric(p)
            it = manual_of(r)
            a = r["assignment"]
            self.assertEqual(it["attach"], [f"report/{a}/tables.md", f"modules/{a}/REPORT.md"], p.name)
            questions = (REPO / "modules" / a / "REPORT.md").read_text().count("\n## Q")
            self.assertEqual(len(it["guidance"]), questions, f"{p.name}: one guidance line per REPORT.md question")
            self.assertEqual(it["points"], 2 * questions, p.name)
            g = graded(r, self.sub)
            auto = sum(rubric_mod.item_points(i) for i in rubric_mod.autograded(r))
            self.assertEqual(g.max_score, round(auto, 3), f"{p.name}: the manual points are in max_score")
            self.assertEqual(g.score, g.max_score, p.name)
            res = g.gradescope()
            self.assertEqual(res["score"], sum(t["score"] for t in res["tests"]))
            self.assertEqual(res["max_score"], sum(t["max_score"] for t in res["tests"]))

    def test_results_show_the_attached_table_as_an_informational_item(self):
        r = rubric("01-sequential")
        self.hand_in("report/01-sequential/tables.md", TABLE)
        self.hand_in("modules/01-sequential/REPORT.md", "## Q1\n**Predict.** 8 lines against 1: at most 8x\n")
        g = graded(r, self.sub)
        t = g.gradescope()["tests"][-1]
        self.assertEqual(t["name"], "Analysis: REPORT.md (predict, measure, explain) (graded by hand, 6 points)")
        self.assertEqual((t["score"], t["max_score"], t["status"]), (0, 0, "passed"))  # never red
        self.assertEqual((t["output_format"], t["tags"]), ("md", ["manual"]))
        self.assertIn(TABLE, t["output"])
        self.assertIn("at most 8x", t["output"])
        self.assertIn("handed in: report/01-sequential/tables.md", t["output"])
        row = [ln for ln in g.table().splitlines() if ln.startswith("| Analysis")][0]
        self.assertIn("| (6 by hand) | manual |", row)
        self.assertIn("11 / 11 points (+ 6 graded by hand)", g.table())
        junit = ET.fromstring(g.junit())
        tc = [c for c in junit.iter("testcase") if c.get("name").startswith("Analysis")][0]
        self.assertEqual(tc.find("skipped").get("message"), "manual: graded by hand, 6 points")
        self.assertIsNone(tc.find("failure"))
        self.assertEqual(junit.get("failures"), "0")

    def test_a_missing_table_is_said_clearly(self):
        r = rubric("03-threads")
        self.hand_in("modules/03-threads/REPORT.md", "answers\n")
        t = graded(r, self.sub).gradescope()["tests"][-1]
        self.assertEqual((t["max_score"], t["status"]), (0, "passed"))
        self.assertIn("NOT handed in: report/03-threads/tables.md", t["output"])
        self.assertIn("**report/03-threads/tables.md was not handed in** (run `make report MODULE=03`", t["output"])
        self.assertNotIn("REPORT.md was not handed in", t["output"])
        # a loose-file submission (one .cpp) has no analysis at all
        loose = Path(self.tmp.name) / "matmul_interchange.cpp"
        loose.write_text("int x;\n")
        out = manual.attachments(loose, manual_of(r))
        self.assertIn("report/03-threads/tables.md was not handed in", out)
        self.assertIn("modules/03-threads/REPORT.md was not handed in", out)

    def test_an_attachment_is_size_capped_and_found_in_a_nested_tree(self):
        r = rubric("05-mpi")
        self.hand_in("parlab-main/report/05-mpi/tables.md", "x" * (manual.ATTACH_KB << 11))
        out = manual.attachments(self.sub, manual_of(r))
        self.assertIn("(from parlab-main/report/05-mpi/tables.md)", out)
        self.assertIn(f"cut at {manual.ATTACH_KB} KiB", out)
        self.assertLess(len(out), (manual.ATTACH_KB << 10) + 2000)

    def test_the_handed_in_report_is_not_an_ignored_change_nor_taken_to_build(self):
        """take() on a whole-tree submission: the answered REPORT.md and report/ are
        neither flagged as foreign changes nor copied into the build; a changed
        test still is flagged (so the check can fail)."""
        r = rubric("01-sequential")
        release = Path(self.tmp.name) / "release"
        for rel in r["files"] + ["modules/01-sequential/REPORT.md", "tests/01-sequential/test_x.cpp"]:
            (release / rel).parent.mkdir(parents=True, exist_ok=True)
            (release / rel).write_text("release copy\n")
            self.hand_in(rel, "release copy\n")
        self.hand_in("modules/01-sequential/REPORT.md", "my answers\n")
        self.hand_in("report/01-sequential/tables.md", TABLE)
        self.hand_in("report/01-sequential/ladder.json", "{}")
        t = take(self.sub, r, release)
        self.assertEqual(sorted(t.files), sorted(r["files"]))
        self.assertFalse([n for n in t.notes if "ignored" in n], t.notes)
        self.hand_in("tests/01-sequential/test_x.cpp", "tampered\n")
        notes = " ".join(take(self.sub, r, release).notes)
        self.assertIn("ignored: your changes to tests/01-sequential/test_x.cpp", notes)
        self.assertNotIn("REPORT.md", notes)

    def test_manual_grading_sheet_lists_every_module_item(self):
        rubrics = [rubric_mod.load_rubric(p) for p in RUBRICS]
        sheet = manual.grading_sheet(rubrics)
        for r in rubrics:
            it = manual_of(r)
            self.assertIn(f"## {r['assignment']}: {it['name']} - {it['points']:g} points", sheet)
            for line in it["guidance"]:
                self.assertIn(f"- {line}", sheet)
        out = Path(self.tmp.name) / "dist" / "01.zip"
        out.parent.mkdir()
        text = package.manual_sheet(rubrics[0], out)
        self.assertEqual((out.parent / "01.MANUAL_GRADING.md").read_text(), text)
        self.assertIn(rubrics[0]["assignment"], text)

    def test_a_malformed_manual_item_is_refused(self):
        base = json.loads(RUBRICS[0].read_text())
        for bad in ({"guidance": []}, {"attach": ["../../etc/passwd"]}, {"points": 0}, {"attach": "tables.md"}):
            r = json.loads(json.dumps(base))
            r["items"][-1].update(bad)
            p = Path(self.tmp.name) / "bad.json"
            p.write_text(json.dumps(r))
            with self.assertRaises(SystemExit, msg=str(bad)):
                rubric_mod.load_rubric(p)

    def test_readmes_show_the_analysis_graded_by_hand(self):
        chk = subprocess.run([sys.executable, str(REPO / "grading" / "rubric_readme.py"), "--check"],
                             capture_output=True, text=True)
        self.assertEqual(chk.returncode, 0, chk.stdout + chk.stderr)
        for p in RUBRICS:
            r = json.loads(p.read_text())
            text = (REPO / "modules" / r["assignment"] / "README.md").read_text()
            auto = sum(rubric_mod.item_points(i) for i in rubric_mod.autograded(r))
            self.assertIn(f"gives {auto:g} points; 6 more are graded by hand ({auto + 6:g} in all):", text)
            self.assertIn("| Analysis: REPORT.md (predict, measure, explain) | 6 | analysis, graded by hand |", text)
            self.assertNotIn(manual_of(r)["guidance"][0], text, "the grader's guidance (the answers) stays out")


if __name__ == "__main__":
    unittest.main(verbosity=2)
