#!/usr/bin/env python3
"""A non-calibrated performance item scores the median of its runs and stops running as
soon as that median's band is decided (verdicts.median_decided): on made-up values, every
sequence of runs stopped early earns the points all its runs would have earned; the cases
the grader meets (most runs at full points, most at none, most in the partial band, a run
whose gates failed) stop, a split does not; and a wrong rule (stopping at half the runs)
is caught by the same comparison.

Exit 0 pass, 1 fail.
"""
from __future__ import annotations

import itertools
import sys

from autograder.verdicts import band_points, median_decided, median_run
from rule_checks import Checks

BANDS = [{"min": 1.2, "points": 2}, {"min": 1.08, "points": 1}]  # 01's cache blocking item
FROM_ZERO = [{"min": 1.5, "points": 1}, {"min": 0.0, "points": 0.5}]  # a band down to 0: a failed gate is apart
# a value per interval, both sides of each edge, and 0 (a run whose gates failed)
VALUES = [0.0, 0.5, 1.0799, 1.08, 1.1, 1.1999, 1.2, 1.6]


def points(values: list[float], bands: list[dict]) -> float:
    """What the grader awards for these runs: the median run's band, nothing where its gates failed."""
    mid = median_run([(v, None) for v in values])[0]
    return band_points(mid, bands) if mid > 0 else 0.0


def stopped(values: tuple, runs: int, bands: list[dict], decided) -> list[float]:
    """The runs the grader makes of `values` (the measurements it would get), stopping when `decided`."""
    made: list[float] = []
    for v in values[:runs]:
        made.append(v)
        if decided(made, runs, bands):
            break
    return made


def mismatches(bands: list[dict], decided) -> list[tuple]:
    """Sequences of 1..5 runs whose early-stopped points differ from all their runs' points."""
    bad = []
    for runs in range(1, 6):
        for seq in itertools.product(VALUES, repeat=runs):
            if points(stopped(seq, runs, bands, decided), bands) != points(list(seq), bands):
                bad.append((runs, seq))
    return bad


def main() -> int:
    c = Checks()
    for name, bands in (("bands", BANDS), ("bands_from_zero", FROM_ZERO)):
        bad = mismatches(bands, median_decided)
        c.that(f"{name}: early stop keeps every grade", not bad, bad[:3])

    c.that("full_twice_of_3", median_decided([1.3, 1.25], 3, BANDS))
    c.that("none_twice_of_3", median_decided([0.9, 1.0], 3, BANDS))  # memoised: no gain, twice
    c.that("partial_twice_of_3", median_decided([1.1, 1.15], 3, BANDS))
    c.that("gate_failed_and_none", median_decided([0.0, 0.9], 3, BANDS))  # both earn nothing
    c.that("split_goes_on", not median_decided([1.3, 0.9], 3, BANDS))
    c.that("one_of_3_goes_on", not median_decided([1.3], 3, BANDS))
    c.that("one_of_2_goes_on", not median_decided([1.3], 2, BANDS))  # the lower of 2 decides
    c.that("two_of_4_go_on", not median_decided([1.3, 1.3], 4, BANDS))
    c.that("gate_failed_apart_from_a_band_at_0", not median_decided([0.0, 0.5], 3, FROM_ZERO))
    c.that("one_run", median_decided([0.9], 1, BANDS))

    # the comparison can fail: a rule that stops when half the runs agree changes grades
    def half(values, runs, bands):
        return any(sum(v >= b["min"] for v in values) * 2 >= runs for b in bands) or len(values) == runs
    c.that("a_wrong_rule_is_caught", bool(mismatches(BANDS, half)))
    return c.exit_code()


if __name__ == "__main__":
    sys.exit(main())
