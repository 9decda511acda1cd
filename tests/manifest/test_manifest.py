#!/usr/bin/env python3
"""tools/manifest.py catches each kind of drift between a manifest and the tree, on a copy of
module 01 (and its README, rubric and job script); the tour's steps follow the manifest;
a module's Slurm job belongs to its module in a release."""
from __future__ import annotations

import json
import shutil
import tempfile
import unittest
from pathlib import Path

from parlab import manifest  # PYTHONPATH=tools (tests/manifest/CMakeLists.txt)

REPO = Path(__file__).resolve().parents[2]

MOD = "01-sequential"


class Drift(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="parlab-manifest-"))
        for rel in (f"modules/{MOD}", f"tests/{MOD}"):
            shutil.copytree(REPO / rel, self.tmp / rel)
        for rel in ("README.md", f"grading/rubrics/{MOD}.json", f"slurm/jobs/{MOD}.sbatch"):
            if (REPO / rel).exists():  # not every file is in a student release
                (self.tmp / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(REPO / rel, self.tmp / rel)
        self.mj = self.tmp / "modules" / MOD / "module.json"

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def edit(self, change):
        m = json.loads(self.mj.read_text())
        change(m)
        self.mj.write_text(json.dumps(m, indent=1))

    def problems(self) -> str:
        return "\n".join(manifest.problems(self.tmp))

    def test_the_copy_is_clean(self):
        self.assertEqual(self.problems(), "")

    def test_a_missing_exercise_file(self):
        self.edit(lambda m: m["exercises"][0].update(file="exercises/nowhere.cpp"))
        self.assertIn("no file exercises/nowhere.cpp", self.problems())

    def test_a_test_that_does_not_exist(self):
        self.edit(lambda m: m["exercises"][0]["tests"].append("a test nobody wrote"))
        self.assertIn("matches 'a test nobody wrote'", self.problems())

    def test_a_rung_the_driver_lacks(self):
        self.edit(lambda m: m["exercises"][0]["rungs"].append("seq_matmul:no_such_rung"))
        self.assertIn("rung seq_matmul:no_such_rung: not in", self.problems())

    def test_a_driver_no_target_builds(self):
        self.edit(lambda m: m["runs"]["tour"].append({"name": "x", "argv": ["no_such_driver"]}))
        self.assertIn("no CMake target builds no_such_driver", self.problems())

    def test_a_stale_readme_table(self):
        self.edit(lambda m: m["exercises"][0].update(what="something else"))
        self.assertIn(f"modules/{MOD}/README.md: not what the manifest makes", self.problems())

    def test_a_stale_rubric_and_job(self):
        if not (self.tmp / "grading").exists():
            self.skipTest("no grading/ (a student release)")
        self.edit(lambda m: (m["runs"]["grade"][0]["argv"].append("--calibrate"),
                             m["cluster"]["runs"][0]["argv"].append("--x")))
        p = self.problems()
        self.assertIn(f"grading/rubrics/{MOD}.json: not what the manifest makes", p)
        self.assertIn(f"slurm/jobs/{MOD}.sbatch: not what the manifest makes", p)

    def test_needs_a_module_not_in_the_tree_or_not_in_the_rubric(self):
        self.edit(lambda m: m.update(needs=["09-gone"]))
        p = self.problems()
        self.assertIn("needs 09-gone: no such module folder", p)
        if (self.tmp / "grading").exists():
            shutil.copytree(REPO / "modules" / MOD, self.tmp / "modules" / "09-gone")
            (self.tmp / "modules" / "09-gone" / "module.json").write_text(json.dumps(
                {**json.loads((REPO / "modules" / MOD / "module.json").read_text()), "module": "09-gone"}))
            self.assertIn(f"grading/rubrics/{MOD}.json: 'modules' must be ['01', '09']", self.problems())

    def test_write_makes_it_current(self):
        self.edit(lambda m: m["exercises"][1].update(what="C tile | by tile"))
        for path, cur, new in manifest.generated(self.tmp):
            path.write_text(new)
        self.assertEqual(self.problems(), "")
        self.assertIn("| C tile / by tile |", (self.tmp / "modules" / MOD / "README.md").read_text())

    def test_a_module_without_manifest_or_map_line(self):
        self.mj.unlink()
        self.assertIn("module.json: missing", self.problems())


class Generated(unittest.TestCase):
    def test_labels(self):
        m = {"exercises": [{"n": "3a", "rungs": ["d:summa"]}, {"n": "3b", "rungs": ["d:summa"]},
                           {"n": "5", "rungs": ["d:farm"]}], "given_rungs": ["d:static"]}
        self.assertEqual(manifest.rung_labels(m), {("d", "summa"): "exercises 3a, 3b", ("d", "farm"): "exercise 5",
                                                   ("d", "static"): "given"})

    def test_tour_steps(self):
        m = manifest.load(REPO / "modules" / MOD)
        s = manifest.script(m, "tour")
        for r in m["runs"]["tour"]:
            self.assertIn(f'step "$bin"/{r["argv"][0]} ', s)
            self.assertIn(f'--json "$out"/{MOD}-{r["name"]}.json', s)
        mpi = {"module": "xx-y", "runs": {"tour": [
            {"name": "a", "argv": ["drv", "--out", "{out}/frames"], "mpi": {"np": 2, "bind": "none", "env": {"K": "v"}},
             "env": {"E": "1"}, "expect": [{"variant": "v", "workers": 2, "slower": "why it is slow"}]}]}}
        s = manifest.script(mpi, "tour")
        self.assertIn('source modules/05-mpi/mpi-env.sh\nmpi_ready "$bin" drv || exit 0', s)
        self.assertIn('E=1 step mpirun "${MPI_OVERSUB[@]}" --bind-to none -np 2 -x K=v "$bin"/drv --out "$out"/frames '
                      '--json "$out"/xx-y-a.json', s)
        self.assertIn("expect_slower \"$out\"/xx-y-a.json v 2 'why it is slow'", s)


@unittest.skipUnless((REPO / "grading" / "autograder").is_dir(), "no grader (a student release)")
class Grader(unittest.TestCase):
    def test_a_stale_rubric_argv_is_refused(self):
        from autograder import rubric as rubric_mod  # PYTHONPATH has grading/ too
        r = json.loads((REPO / "grading" / "rubrics" / f"{MOD}.json").read_text())
        item = next(it for it in r["items"] if "run" in it)
        item["argv"] = item["argv"] + ["--reps", "1"]
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / f"{MOD}.json"
            p.write_text(json.dumps(r))
            with self.assertRaises(SystemExit) as e:
                rubric_mod.load_rubric(p)
        self.assertIn(f"its argv is not run {item['run']!r}", str(e.exception))


@unittest.skipUnless((REPO / "tools" / "parlab" / "release" / "make.py").exists(), "no release tools (a student release)")
class Release(unittest.TestCase):
    def test_job_scripts_belong_to_their_module(self):
        from parlab.release import make as make_release
        self.assertEqual(make_release.module_of("slurm/jobs/05-mpi.sbatch"), "05")
        self.assertIsNone(make_release.module_of("slurm/jobs/roofline.sbatch"))
        self.assertEqual(make_release.module_of("modules/03-threads/module.json"), "03")


if __name__ == "__main__":
    unittest.main(verbosity=2)
