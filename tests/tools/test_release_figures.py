#!/usr/bin/env python3
"""tests/tools/test_release_figures.py - the student release shows no figure the student is
asked to predict, and `make predict` works in it:

  - a fresh release (tools/make_release.py into a temp folder) passes tools/check_release.py;
  - every module README of the source hides its measured figures between INSTRUCTOR
    markers (a README without that region shows no ratio at all), and no ratio or percentage of those regions (1.16×, 2.57×, 85%) appears in the
    release's README of that module; no "What to expect" table with a figure survives;
  - each REPORT.md asks at least one **Predict.** question, and the release's
    `tools/predict.py` writes a form with all of them and refuses to seal it empty.
Exit 0 pass, 1 fail, 77 skipped (a student release has no release tools)."""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if not (ROOT / "tools" / "make_release.py").exists():
    print("SKIP: no tools/make_release.py (this is a student release)")
    sys.exit(77)
from parlab.release.check import expected_figures  # noqa: E402
from parlab.release.markers import instructor_lines  # noqa: E402
from parlab.analysis.predict import prompts  # noqa: E402

# A ratio or a percentage; not a size (320×180, a 14×16 tile).
RATIO = re.compile(r"\d+(?:\.\d+)?\s*(?:×|%)(?!\s*\d)")
# Figures a README gives on purpose: bounds of the arithmetic (1×, 2× on 2 cores) and the
# ladder's span, which the module's goals state.
GIVEN = {"1×", "2×", "100×"}
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


with tempfile.TemporaryDirectory() as tmp:
    rel = Path(tmp) / "rel"
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_release.py"), "--out", str(rel), "--quiet"], check=True)
    p = subprocess.run([sys.executable, str(ROOT / "tools" / "check_release.py"), "--release", str(rel)],
                       capture_output=True, text=True)
    if p.returncode != 0:
        fail("check_release: " + p.stdout[-600:])
    if (rel / "docs" / "instructor").exists():
        fail("docs/instructor/ is in the release")
    for readme in sorted(ROOT.glob("modules/[0-9][0-9]-*/README.md")):
        mod = readme.parent.name
        _, hidden = instructor_lines(readme.read_text(encoding="utf-8"), str(readme))
        released = (rel / "modules" / mod / "README.md").read_text(encoding="utf-8")
        if not hidden:  # no measured figures yet (make bench will give them): none may show
            loose = sorted({m.group(0).replace(" ", "") for m in RATIO.finditer(released)} - GIVEN)
            if loose:
                fail(f"{mod}/README.md: figures outside an INSTRUCTOR region: {', '.join(loose)}")
        for no, row in expected_figures(released):
            fail(f"release {mod}/README.md:{no}: a figure under 'What to expect': {row}")
        figures = {m.group(0).replace(" ", "") for line in hidden for m in RATIO.finditer(line)}
        shown = {m.group(0).replace(" ", "") for m in RATIO.finditer(released)}
        leaked = sorted(figures & shown - GIVEN)
        if leaked:
            fail(f"release {mod}/README.md shows instructor figures: {', '.join(leaked)}")
        report = ROOT / "modules" / mod / "REPORT.md"
        asked = prompts(report.read_text(encoding="utf-8")) if report.exists() else []
        if report.exists() and not asked:
            fail(f"{mod}/REPORT.md: no **Predict.** question")
    # make predict in the release: a form with every question, not sealed while empty
    m01 = sorted(rel.glob("modules/01-*"))[0].name
    env = {"PYTHONPATH": str(rel / "tools"), "PATH": "/usr/bin:/bin"}
    p = subprocess.run([sys.executable, "tools/predict.py", "01"], cwd=rel, capture_output=True, text=True, env=env)
    form = rel / "predictions" / f"{m01}.md"
    if p.returncode != 0 or not form.exists():
        fail(f"predict in the release: {p.stdout}{p.stderr}")
    else:
        n = len(prompts((rel / "modules" / m01 / "REPORT.md").read_text(encoding="utf-8")))
        if form.read_text().count("Your prediction:") != n:
            fail(f"the form does not hold the {n} questions of REPORT.md")
        p = subprocess.run([sys.executable, "tools/predict.py", "01"], cwd=rel, capture_output=True, text=True, env=env)
        if p.returncode == 0 or (rel / "predictions" / f"{m01}.seal.json").exists():
            fail("predict sealed an empty form")

print("release figures:", "FAILED" if failures else "no predicted figure in the release; make predict works there")
sys.exit(1 if failures else 0)
