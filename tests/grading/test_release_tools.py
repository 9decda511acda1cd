#!/usr/bin/env python3
"""Unit tests of the release tools and the classroom generator (stdlib unittest)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "grading"))
from release_markers import MarkerError, normalize, strip_text  # noqa: E402
import make_release  # noqa: E402
import check_release  # noqa: E402
import classroom  # noqa: E402
import grade  # noqa: E402

CPP = """int f(int x) {
  int y = 0;
  // BEGIN SOLUTION
  y = x * secret_factor(x) + 1;
  // END SOLUTION
  // BEGIN STUDENT
  // // TODO: compute y
  // (void)x;
  // throw not_implemented("f");
  //
  // END STUDENT
  return y;
}
"""


class Markers(unittest.TestCase):
    def test_cpp_region_and_student_block(self):
        r = strip_text(CPP, "f.cpp")
        self.assertEqual(r.regions, 1)
        self.assertNotIn("secret_factor", r.text)
        self.assertIn("  // TODO: compute y\n  (void)x;\n  throw not_implemented(\"f\");\n", r.text)
        self.assertNotIn("BEGIN", r.text)
        self.assertIn("  return y;", r.text)

    def test_hash_markers(self):
        text = "a()\n  # BEGIN SOLUTION\n  add_library(sol x.cpp)\n  # END SOLUTION\n  # BEGIN STUDENT\n  # # TODO\n  # add_library(stub y.cpp)\n  # END STUDENT\n"
        r = strip_text(text, "CMakeLists.txt")
        self.assertEqual(r.text, "a()\n  # TODO\n  add_library(stub y.cpp)\n")

    def test_solution_without_student_block(self):
        r = strip_text("x\n// BEGIN SOLUTION\nsecret();\n// END SOLUTION\ny\n")
        self.assertEqual(r.text, "x\ny\n")

    def test_malformed(self):
        for bad in ("// BEGIN SOLUTION\nx\n", "// END SOLUTION\n", "// BEGIN STUDENT\n// END STUDENT\n",
                    "// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n",
                    "// BEGIN SOLUTION\n// END SOLUTION\n// BEGIN STUDENT\n// x\n"):
            with self.assertRaises(MarkerError, msg=bad):
                strip_text(bad, "bad.cpp")

    def test_normalize(self):
        self.assertEqual(normalize("   //  for (int i = 0;   i < n; ++i)  "), "for (int i = 0; i < n; ++i)")
        self.assertEqual(normalize("# x  =  1"), "x = 1")


def make_tree(root: Path) -> None:
    files = {
        "CMakeLists.txt": "project(x)\n",
        "README.md": "docs\n",
        "common/kernel.cpp": "void k() {\n  for (int i = 0; i < n; ++i) acc += i;\n}\n",
        "modules/01-a/ex.cpp": "void e() {\n  // BEGIN SOLUTION\n  for (int i = 0; i < n; ++i) acc += i;\n  unique_answer_one(acc, 42);\n  // END SOLUTION\n  // BEGIN STUDENT\n  // throw not_implemented(\"e\");\n  // END STUDENT\n}\n",
        "modules/02-b/ex.cpp": "void g() {\n  // BEGIN SOLUTION\n  unique_answer_two(acc, 43);\n  // END SOLUTION\n}\n",
        "tests/01-a/t.cpp": "test\n",
        "tests/02-b/t.cpp": "test\n",
        "tests/grading/hostile.cpp": "unique_answer_one(acc, 42);\n",
        "grading/rubrics/r.json": "{}\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


class Release(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.src = Path(self.tmp.name) / "src"
        make_tree(self.src)

    def tearDown(self):
        self.tmp.cleanup()

    def test_all_modules_clean(self):
        out = Path(self.tmp.name) / "rel"
        make_release.make_release(self.src, out, None, "drop", quiet=True)
        self.assertTrue((out / "modules/02-b/ex.cpp").exists())
        self.assertFalse((out / "grading").exists())
        self.assertFalse((out / "tests/grading").exists())
        self.assertEqual(check_release.check(self.src, out, verbose=False), [])
        self.assertIn("throw not_implemented", (out / "modules/01-a/ex.cpp").read_text())

    def test_shared_loop_is_not_a_secret_but_the_answer_is(self):
        secrets, _ = check_release.collect(self.src)
        self.assertIn("unique_answer_one(acc, 42);", secrets)
        self.assertNotIn("for (int i = 0; i < n; ++i) acc += i;", secrets)  # public in common/

    def test_modules_drop_and_strip(self):
        out = Path(self.tmp.name) / "rel"
        make_release.make_release(self.src, out, {"01"}, "drop", quiet=True)
        self.assertFalse((out / "modules/02-b").exists())
        self.assertFalse((out / "tests/02-b").exists())
        self.assertTrue((out / "tests/01-a/t.cpp").exists())
        make_release.make_release(self.src, out, {"01"}, "strip", quiet=True)
        self.assertTrue((out / "modules/02-b/ex.cpp").exists())
        self.assertNotIn("unique_answer_two", (out / "modules/02-b/ex.cpp").read_text())
        self.assertEqual(check_release.check(self.src, out, verbose=False), [])

    def test_planted_leaks_are_caught(self):
        out = Path(self.tmp.name) / "rel"
        make_release.make_release(self.src, out, None, "drop", quiet=True)
        (out / "README.md").write_text("hint: `unique_answer_two(acc, 43);` is the answer\n")
        found = check_release.check(self.src, out, verbose=False)
        self.assertEqual(len(found), 1, found)
        self.assertIn("README.md:1", found[0])

    def test_malformed_markers_write_no_release(self):
        (self.src / "modules/01-a/ex.cpp").write_text("// BEGIN SOLUTION\nsecret();\n")
        out = Path(self.tmp.name) / "rel"
        with self.assertRaises(SystemExit) as e:
            make_release.make_release(self.src, out, None, "drop", quiet=True)
        self.assertIn("never closed", str(e.exception))
        self.assertFalse(out.exists())

    def test_refuses_to_overwrite_a_foreign_folder(self):
        out = Path(self.tmp.name) / "precious"
        out.mkdir()
        (out / "thesis.tex").write_text("x")
        with self.assertRaises(SystemExit):
            make_release.make_release(self.src, out, None, "drop", quiet=True)
        self.assertTrue((out / "thesis.tex").exists())


class Rubrics(unittest.TestCase):
    def test_every_rubric_loads_and_names_real_files_and_tests(self):
        """Rubrics of modules present in this tree: exercise files exist and carry
        solution markers, every catch2 case is a TEST_CASE of the module's tests."""
        checked = 0
        for p in sorted((REPO / "grading" / "rubrics").glob("*.json")):
            r = grade.load_rubric(p)
            self.assertGreater(sum(grade.item_points(it) for it in r["items"]), 0)
            dirs = [d for m in r["modules"] for d in (REPO / "modules").glob(f"{m}-*")]
            if len(dirs) < len(r["modules"]):
                continue  # a module another branch adds
            checked += 1
            for f in r["files"]:
                self.assertTrue((REPO / f).is_file(), f"{p.name}: {f} does not exist")
                self.assertIn("BEGIN SOLUTION", (REPO / f).read_text(), f"{p.name}: {f} is no exercise")
            cases = set()
            for m in r["modules"]:
                for t in (REPO / "tests").glob(f"{m}-*/*.cpp"):
                    cases |= set(re.findall(r'TEST_CASE\("((?:[^"\\]|\\.)*)"', t.read_text()))
            for it in r["items"]:
                if it["type"] in ("catch2", "race"):
                    self.assertIn(it["case"], cases, f"{p.name}: no TEST_CASE named {it['case']!r}")
        self.assertGreater(checked, 0)

    def test_classroom_workflow(self):
        rubrics = classroom.load_rubrics(None)
        text = classroom.generate(rubrics)
        items = [it for r in rubrics for it in r["items"] if it["type"] == "catch2"]
        self.assertEqual(text.count("uses: classroom-resources/autograding-command-grader@v1"), len(items))
        self.assertEqual(sum(int(l.split(":")[1]) for l in text.splitlines() if l.strip().startswith("max-score:")),
                         round(sum(float(it["points"]) for it in items)))
        for line in text.splitlines():
            if line.strip().startswith("command:"):
                # the command grader passes only PATH and HOME: the command sets the rest
                self.assertIn("env OMP_NUM_THREADS=", line)
                self.assertIn("OMPI_ALLOW_RUN_AS_ROOT=1", line)
        self.assertIn("autograding-grader-reporter@v1", text)

    def test_results_schema(self):
        g = grade.Grade("x", [grade.Result("a", 2.0, 2.0), grade.Result("b", 3.0, 0.0, "boom")])
        d = json.loads(json.dumps(g.gradescope()))
        self.assertEqual((d["score"], d["max_score"]), (2.0, 5.0))
        self.assertEqual([t["status"] for t in d["tests"]], ["passed", "failed"])


if __name__ == "__main__":
    unittest.main(verbosity=1)
