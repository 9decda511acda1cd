#!/usr/bin/env python3
"""A performance item whose gain is read against a yardstick's gain in the same run ('per'
in its measure: 07's omp 2-over-1 threads over the triad's 2-over-1): the verdict on made-up
records - a gain equal to the memory's, a rung left on one thread, a yardstick that did not
validate or is missing - and the 07 rubric's item loads with it, a malformed one does not.

Exit 0 pass, 1 fail.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from autograder.rubric import load_rubric
from autograder.verdicts import band_points, over_yardstick
from rule_checks import Checks

REPO = Path(__file__).resolve().parents[2]
PER = {"rung": {"variant": "triad", "threads": 2}, "over": {"variant": "triad", "threads": 1}}


def triad(t1: float, t2: float, validated: bool = True) -> list[dict]:
    return [{"variant": "triad", "threads": t, "rate": r, "median_s": 1.0, "validated": validated}
            for t, r in ((1, t1), (2, t2))]


def main() -> int:
    c = Checks()
    expect = c.verdict

    expect("gains_as_the_memory", over_yardstick(1.5, triad(10.0, 15.0), PER), 1.0)
    expect("one_thread", over_yardstick(1.0, triad(10.0, 15.0), PER), 1 / 1.5)
    expect("yardstick_not_validated", over_yardstick(1.5, triad(10.0, 15.0, False), PER), None, "did not validate")
    expect("no_yardstick", over_yardstick(1.5, triad(10.0, 15.0)[:1], PER), None, "no record matching")
    raw = json.loads((REPO / "grading" / "rubrics" / "07-heat.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "07-heat.json"
        path.write_text(json.dumps(raw))
        items = [it for it in load_rubric(path)["items"] if it.get("measure", {}).get("per")]
        ok = len(items) == 1 and items[0]["measure"]["per"] == PER and \
            band_points(1.0, items[0]["bands"]) == 2 and band_points(1 / 1.5, items[0]["bands"]) == 0
        c.that("rubric_item", ok, json.dumps(items)[:200])
        for it in raw["items"]:
            if it.get("measure", {}).get("per"):
                it["measure"]["per"] = {"rung": {"variant": "triad"}}
        path.write_text(json.dumps(raw))
        try:
            load_rubric(path)
            refused = False
        except SystemExit as e:
            refused = "'per'" in str(e)
        c.that("malformed_per_refused", refused)
    return c.exit_code()


if __name__ == "__main__":
    sys.exit(main())
