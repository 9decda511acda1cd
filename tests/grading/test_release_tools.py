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

import classroom
from parlab.release import check as check_release, make as make_release
from parlab.release.markers import MarkerError, normalize, strip_text
from autograder import report, rubric as rubric_mod
from autograder.verdicts import junit_verdict

REPO = Path(__file__).resolve().parents[2]

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
            r = rubric_mod.load_rubric(p)
            self.assertGreater(sum(rubric_mod.item_points(it) for it in r["items"]), 0)
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
                    for case in rubric_mod.item_cases(it):
                        self.assertIn(case, cases, f"{p.name}: no TEST_CASE named {case!r}")
        self.assertGreater(checked, 0)

    def test_readmes_say_what_the_rubrics_grade(self):
        """Each module README's "How it is graded" section lists every rubric item by
        its exact name and points (grading/rubric_readme.py writes it)."""
        r = subprocess.run([sys.executable, str(REPO / "grading" / "rubric_readme.py"), "--check"],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        import rubric_readme
        for p in sorted((REPO / "grading" / "rubrics").glob("*.json")):
            rub = json.loads(p.read_text())
            readme = rubric_readme.readme_of(rub)
            if readme is None:
                continue
            text = readme.read_text()
            graded = text[text.index("## How it is graded"):]
            for it in rub["items"]:
                self.assertIn(f"| {it['name']} | {rubric_mod.item_points(it):g} |", graded, f"{readme}: {it['name']}")

    def test_classroom_workflow_follows_the_actions_contract(self):
        """The contract of the two actions (their action.yml and src/main.js), not
        the generator's own strings: exact action names, the command grader's
        inputs, and the reporter's lookup of each runner's result, simulated."""
        try:
            import yaml
        except ImportError:
            self.skipTest("python3-yaml not installed: the workflow contract is not checked")
        rubrics = classroom.load_rubrics(None)
        wf = yaml.safe_load(classroom.generate(rubrics))
        job = wf["jobs"]["run-autograding-tests"]
        self.assertNotIn(job["runs-on"], ("ubuntu-20.04", "ubuntu-22.04"), "runner image retires before the year ends")
        steps = job["steps"]
        graders = [s for s in steps if s.get("uses") == "classroom-resources/autograding-command-grader@v1"]
        reporters = [s for s in steps if s.get("uses") == "classroom-resources/autograding-grading-reporter@v1"]
        others = [s["uses"] for s in steps if "uses" in s and s not in graders + reporters]
        self.assertEqual(others, ["actions/checkout@v4"], "an action name that does not exist")
        items = [it for r in rubrics for it in r["items"] if it["type"] == "catch2"]
        self.assertEqual(len(graders), len(items))
        self.assertEqual(len(reporters), 1)
        for s, it in zip(graders, items):
            self.assertLessEqual(set(s["with"]), {"test-name", "setup-command", "command", "timeout", "max-score"})
            self.assertEqual(s["with"]["test-name"], it["name"])
            self.assertIsInstance(s["with"]["max-score"], int)  # parseInt in the grader
            self.assertEqual(s["with"]["max-score"], round(float(it["points"])))
            self.assertGreaterEqual(float(s["with"]["timeout"]) * 60, float(it.get("timeout_s", 60)))  # minutes
            # the command grader passes only PATH and HOME: the command sets the rest
            self.assertIn("env OMP_NUM_THREADS=", s["with"]["command"])
            self.assertIn("OMPI_ALLOW_RUN_AS_ROOT=1", s["with"]["command"])
        rep = reporters[0]
        env = rep.get("env", {})
        runners = rep["with"]["runners"].split(",")
        self.assertEqual(runners, [s["id"] for s in graders])
        for runner in runners:
            key = runner.strip().upper() + "_RESULTS"  # process.env[`${runner.trim().toUpperCase()}_RESULTS`]
            self.assertIn(key, env, f"the reporter finds no result for runner {runner!r}")
            self.assertEqual(env[key].replace(" ", ""), "${{steps.%s.outputs.result}}" % runner.strip())

    def test_results_schema(self):
        g = report.Grade("x", [report.Result("a", 2.0, 2.0), report.Result("b", 3.0, 0.0, "boom"),
                               report.Result("c", 2.0, 1.0, "half"), report.Result("d", 1.0, 0.0, "skipped", counted=False)])
        d = json.loads(json.dumps(g.gradescope()))
        self.assertEqual((d["score"], d["max_score"]), (3.0, 7.0))
        self.assertEqual(d["output_format"], "md")
        self.assertEqual([t["status"] for t in d["tests"]], ["passed", "failed", "passed", "passed"])  # partial: not red
        self.assertEqual(d["tests"][3]["max_score"], 0)  # not counted: no red 0/0
        self.assertIn("| c | 1/2 | partial |", d["output"])

    def test_summary_detail_keeps_what_follows_a_colon(self):
        r = report.Result("a", 4.0, 0.0, "not implemented yet:\nfailure: not implemented: interchange_matmul\nmore")
        self.assertIn("not implemented: interchange_matmul", report.Grade.detail(r))


class Workspace(unittest.TestCase):
    def test_a_release_interrupted_half_way_does_not_block_later_runs(self):
        """The cause of '19 grading tests failed from workspace_01 on': a grader
        killed while make_release rewrote WS/release left a folder without its
        .parlab-release marker, which make_release then refused for ever. The
        release is now made beside the old one and renamed into place."""
        from autograder.workspace import refresh_release
        with tempfile.TemporaryDirectory() as d:
            ws = Path(d)
            (ws / "release" / "modules").mkdir(parents=True)
            (ws / "release" / "modules" / "half.cpp").write_text("half-written\n")  # no .parlab-release
            (ws / ".release-new-999").mkdir()
            src = Path(d) / "src"
            make_tree(src)

            def make(out):
                make_release.make_release(src, out, {"01"}, "drop", quiet=True)
            rel = refresh_release(ws, make)
            self.assertTrue((rel / ".parlab-release").exists())
            self.assertFalse((rel / "modules" / "half.cpp").exists())
            self.assertEqual(list(ws.glob(".release-new-*")), [])
            before = (rel / ".parlab-release").stat().st_mtime_ns
            refresh_release(ws, make)  # same content: left as it is
            self.assertEqual((rel / ".parlab-release").stat().st_mtime_ns, before)
            with self.assertRaises(SystemExit):  # what the old code met: make_release refuses such a folder
                self._old_way(src, ws)

    @staticmethod
    def _old_way(src, ws):
        (ws / "old" / "x").mkdir(parents=True)
        make_release.make_release(src, ws / "old", {"01"}, "drop", quiet=True)


class Submission(unittest.TestCase):
    def test_release_metadata_is_not_reported_as_ignored_changes(self):
        """A student's release of other modules has its own .parlab-release and
        classroom.yml: those are not the student's changes. A changed test is."""
        from autograder.submission import ignored_changes
        with tempfile.TemporaryDirectory() as d:
            rel, sub = Path(d) / "rel", Path(d) / "sub"
            for root, marker in ((rel, "modules: 01"), (sub, "modules: 01,02,03")):
                (root / ".github" / "workflows").mkdir(parents=True)
                (root / ".github" / "workflows" / "classroom.yml").write_text(marker)
                (root / ".parlab-release").write_text(marker)
                (root / "tests").mkdir()
                (root / "tests" / "t.cpp").write_text("test" if root == rel else "tampered")
            self.assertEqual(ignored_changes(sub, rel, ["modules/x.cpp"], sub), ["tests/t.cpp"])


class ModuleSubset(unittest.TestCase):
    """Releases of some modules, made from this tree (a second or so each), and a tree of
    05 and 06 graded once per assignment."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="parlab-subset-")  # two runs at once: their own
        self.d = Path(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def release(self, name, modules, assigned=None):
        make_release.make_release(REPO, self.d / name, modules, "drop", quiet=True, assigned=assigned)
        return self.d / name

    def test_a_module_brings_what_it_needs_and_classroom_grades_it(self):
        """make student MODULES=06 used to hold 06 alone (which links 05: nothing built) and a
        workflow without a grading step."""
        if not (REPO / "modules" / "06-hybrid").is_dir():
            self.skipTest("no module 06 in this tree")
        rel = self.release("rel", {"06"})
        self.assertTrue((rel / "modules" / "05-mpi" / "CMakeLists.txt").exists(), "06 needs 05")
        self.assertIn("modules: 05,06", (rel / ".parlab-release").read_text())
        assigned = [ln for ln in (rel / "assigned-modules.txt").read_text().splitlines() if not ln.startswith("#")]
        self.assertEqual(assigned, ["06"], "05 came along; the student was asked for 06")
        wf = (rel / ".github" / "workflows" / "classroom.yml").read_text()
        want = {it["name"] for it in json.loads((REPO / "grading/rubrics/06-hybrid.json").read_text())["items"]
                if it["type"] == "catch2"}
        steps = set(re.findall(r"^        test-name: '(.*)'$", wf, re.M))
        self.assertEqual({s.replace("''", "'") for s in steps}, want)
        self.assertIn("run: python3 tools/classroom_build.py --targets test_06_hybrid", wf)
        # every grading step and the reporter run after a failed step (a compile error scores
        # what still passes, as the grader does), not only after a clean build
        self.assertEqual(wf.count("      if: ${{ !cancelled() }}"), len(want))
        self.assertRegex(wf, r"- name: Autograding Reporter\n      if: \$\{\{ always\(\) \}\}")
        # the Classroom build's stubs: every exercise file of the release as released
        for ex in (rel / "modules").glob("*/exercises/*.cpp"):
            stub = rel / ".github" / "classroom" / "stubs" / ex.relative_to(rel)
            self.assertEqual(stub.read_bytes(), ex.read_bytes(), stub)

    def test_make_test_names_only_the_failing_modules(self):
        """The ASan hint named '^03-threads$' whatever failed, in a release without 03 too."""
        from parlab.module_tests import asan_hint
        hint = asan_hint(["05-mpi", "06-hybrid"])
        self.assertIn("ctest --preset asan -L '^(05-mpi|06-hybrid)$'", hint)
        self.assertNotIn("03-threads", hint)

    def test_a_tree_with_no_needed_module_is_refused(self):
        src = self.d / "src"
        make_tree(src)
        (src / "modules" / "02-b" / "module.json").write_text('{"needs": ["09-gone"]}')
        with self.assertRaises(SystemExit) as e:
            make_release.make_release(src, self.d / "rel", {"02"}, "drop", quiet=True)
        self.assertIn("09", str(e.exception))

    def test_each_assignment_of_a_05_06_tree_reports_only_real_changes(self):
        """Grading a 05+06 release per assignment said 'ignored: your changes to README.md,
        assigned-modules.txt' (and 05's files and REPORT when grading 06): nothing was changed."""
        if not (REPO / "modules" / "06-hybrid").is_dir():
            self.skipTest("no module 06 in this tree")
        from autograder.rubric import find_rubric, load_rubric
        from autograder.submission import take
        student = self.release("student", {"05", "06"})
        for ex in (REPO / "modules" / "05-mpi" / "exercises").glob("*.cpp"):  # 05 done, 06 begun
            (student / "modules" / "05-mpi" / "exercises" / ex.name).write_bytes(ex.read_bytes())
        (student / "modules" / "05-mpi" / "REPORT.md").write_text("my analysis\n")
        (student / "modules" / "06-hybrid" / "exercises" / "thread_level.cpp").write_text("// begun\n")
        for assignment in ("05-mpi", "06-hybrid"):
            r = load_rubric(find_rubric(assignment))
            notes = take(student, r, self.release("grader-" + assignment, set(r["modules"]))).notes
            self.assertFalse([n for n in notes if n.startswith("ignored")], (assignment, notes))
        test = student / "tests" / "05-mpi" / "test_mpi.cpp"
        test.write_text(test.read_text() + "// tampered\n")
        for assignment in ("05-mpi", "06-hybrid"):
            r = load_rubric(find_rubric(assignment))
            notes = take(student, r, self.d / ("grader-" + assignment)).notes
            self.assertIn("ignored: your changes to tests/05-mpi/test_mpi.cpp - only", " ".join(notes), assignment)


class GradescopeSetup(unittest.TestCase):
    # Ubuntu 22.04 (jammy), the Gradescope base image: the packages setup.sh may
    # name that exist there. libclang-rt-14-dev does NOT (it appeared with 23.04).
    JAMMY = {"g++", "cmake", "make", "python3", "util-linux", "iproute2", "libeigen3-dev", "catch2", "libopenmpi-dev",
             "openmpi-bin", "libopenblas-dev", "libpng-dev", "clang-14", "libomp-14-dev", "libclang-common-14-dev"}

    def test_every_package_resolves_on_ubuntu_22_04(self):
        """setup.sh's own resolution (pick A|B) against jammy's package names, with
        apt-cache played by a script that knows only those."""
        text = (REPO / "grading" / "gradescope" / "setup.sh").read_text()
        pkgs = re.search(r'^PKGS="([^"]+)"', text, re.M).group(1).split()
        race = re.search(r'^RACE_PKGS="([^"]+)"', text, re.M).group(1).split()
        func = text[text.index("pick() {"):text.index("\n}\n", text.index("pick() {")) + 3]
        with tempfile.TemporaryDirectory() as d:
            fake = Path(d) / "apt-cache"
            fake.write_text("#!/bin/sh\ncase \" %s \" in *\" $2 \"*) exit 0;; esac\nexit 100\n" % " ".join(sorted(self.JAMMY)))
            fake.chmod(0o755)
            script = func + "\nfor p in " + " ".join(f"'{p}'" for p in pkgs + race) + '; do pick "$p" || exit 1; done\n'
            r = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                               env={"PATH": f"{d}:/usr/bin:/bin"})
        self.assertEqual(r.returncode, 0, r.stderr)
        chosen = r.stdout.split()
        self.assertLessEqual(set(chosen), self.JAMMY)
        self.assertIn("libclang-common-14-dev", chosen)
        self.assertEqual(len(chosen), len(pkgs) + len(race))


class JUnit(unittest.TestCase):
    V2 = """<?xml version="1.0"?><testsuites><testsuite name="t" errors="0" failures="0" tests="3">
      <testcase classname="t.global" name="case A" time="0.1"/>
      <testcase classname="t.global" name="case A/section" time="0.1"/></testsuite></testsuites>"""
    V3 = """<?xml version="1.0"?><testsuites name="t" tests="2"><testsuite name="t" tests="2" failures="1">
      <testcase classname="t.global" name="case A" time="0.1"><failure message="x">not implemented: f</failure></testcase>
      </testsuite></testsuites>"""
    SKIP = """<testsuites><testsuite tests="1"><testcase name="case A"><skipped message="no MPI"/></testcase></testsuite></testsuites>"""

    def verdict(self, xml, cases=("case A",)):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "r.xml"
            p.write_text(xml)
            return junit_verdict([p], list(cases))

    def test_v2_and_v3_layouts(self):
        self.assertEqual(self.verdict(self.V2), (True, "passed"))
        ok, why = self.verdict(self.V3)
        self.assertFalse(ok)
        self.assertTrue(why.startswith("not implemented yet"))
        self.assertFalse(self.verdict(self.SKIP)[0])
        self.assertFalse(self.verdict(self.V2, ["case B"])[0])
        self.assertFalse(self.verdict(self.V2.replace('tests="3"', 'tests="0"'))[0])


if __name__ == "__main__":
    unittest.main(verbosity=1)
