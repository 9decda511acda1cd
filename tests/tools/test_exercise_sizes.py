"""tools/exercise_sizes.py: the line count, the rule on made-up exercises (a short one without
a reason fails, one whose reason is not in its README fails, one that says why passes), then
--check on this tree."""
import sys
import tempfile
from pathlib import Path

from parlab import exercise_sizes as es


def main() -> int:
    text = "// BEGIN SOLUTION\n  #pragma omp parallel for\n  for (;;) {\n  }\n  // why\n  // END SOLUTION\n"
    assert es.solution_lines(text) == 2, es.solution_lines(text)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "modules" / "09-x").mkdir(parents=True)
        (root / "modules" / "09-x" / "README.md").write_text("... (short on purpose: one pragma, measured) ...")
        row = {"module": "09-x", "n": "1", "file": "exercises/a.cpp", "lines": 2, "short": ""}
        assert len(es.problems([row], root)) == 1, "a short exercise without a reason passed"
        assert len(es.problems([dict(row, short="not in the README")], root)) == 1, "a reason missing from the README passed"
        assert es.problems([dict(row, short="one pragma, measured")], root) == [], "a short exercise that says why failed"
        assert es.problems([dict(row, lines=4)], root) == [], "a 4-line exercise failed"
    print("the rule holds on made-up exercises")
    return es.main(["--check"])


if __name__ == "__main__":
    sys.exit(main())
