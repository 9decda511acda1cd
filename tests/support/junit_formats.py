#!/usr/bin/env python3
"""The grader reads Catch2's JUnit report: it must give the same verdicts for v2 and v3.

Samples: tests/grading/data/catch2-v{2,3}-junit.xml (made from catch2-junit-sample.cpp).
v3 differs from v2 in: a `skipped` attribute on <testsuite>, a random-seed property,
and a <testcase> for a TEST_CASE itself beside one per section ("sections",
"sections/one", ...) where v2 lists only the sections.
"""
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "grading" / "data"
WANT = {"passes": True, "fails": False, "throws": False, "sections/one": True}


def main():
    from autograder.verdicts import junit_verdict as verdict  # the grader's own reader
    bad = 0
    tmp = Path(tempfile.mkdtemp(prefix="parlab-junit-"))
    for major in (2, 3):
        report = DATA / f"catch2-v{major}-junit.xml"
        for case, ok in WANT.items():
            # One case per report, as the grader runs them: keep only that <testcase>.
            text = report.read_text()
            one = tmp / f"v{major}-{case.replace('/', '_')}.xml"
            root = ET.fromstring(text)
            for suite in root.iter("testsuite"):
                for tc in list(suite.findall("testcase")):
                    if tc.get("name") != case:
                        suite.remove(tc)
            ET.ElementTree(root).write(one)
            got, why = verdict([one], [case])
            one.unlink()
            mark = "ok" if got == ok else "WRONG"
            bad += got != ok
            print(f"v{major} {case!r}: {'passed' if got else 'failed'} ({why.splitlines()[0]}) - {mark}")
    tmp.rmdir()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
