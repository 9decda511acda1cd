#!/usr/bin/env python3
"""A performance item that measures a time a rung saves ('cost' in its measure: 07's
overlap against cart, exchange_s + wait_s of each, side by side in one run): the verdict
on made-up records - the saving, no saving, a record that did not validate, a record
without the split, nothing spent - and the rubric's own item reads it right.

Exit 0 pass, 1 fail.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from autograder.rubric import load_rubric
from autograder.verdicts import band_points, cost_ratio
from rule_checks import Checks

REPO = Path(__file__).resolve().parents[2]
FIELDS = ["exchange_s", "wait_s"]


def rec(variant: str, exchange: float | None, wait: float, validated: bool = True) -> dict:
    r = {"variant": variant, "validated": validated, "rate": 1.0, "median_s": 1.0, "wait_s": wait}
    if exchange is not None:
        r["exchange_s"] = exchange
    return r


def main() -> int:
    c = Checks()
    expect = c.verdict

    cart, overlap = {"variant": "cart"}, {"variant": "overlap"}
    # cart waits 8 ms in Sendrecv; overlap posts in 0.5 ms and waits 1.5 ms: x4 saved
    expect("saves", cost_ratio([rec("cart", 0.008, 0.0), rec("overlap", 0.0005, 0.0015)], overlap, cart, FIELDS), 4.0)
    expect("no_saving", cost_ratio([rec("cart", 0.004, 0.0), rec("overlap", 0.0001, 0.0079)], overlap, cart, FIELDS),
           0.5)
    expect("not_validated", cost_ratio([rec("cart", 0.008, 0), rec("overlap", 0.001, 0, False)], overlap, cart, FIELDS),
           None, "did not validate")
    expect("no_split", cost_ratio([rec("cart", None, 0), rec("overlap", 0.001, 0)], overlap, cart, FIELDS), None,
           "lacks exchange_s or wait_s")
    expect("missing", cost_ratio([rec("cart", 0.008, 0)], overlap, cart, FIELDS), None, "no record matching")
    v, _ = cost_ratio([rec("cart", 0.008, 0), rec("overlap", 0.0, 0.0)], overlap, cart, FIELDS)
    c.that("nothing_spent", v == float("inf"), v)
    # a rubric's item with a cost (07's overlap item measured as exchange + wait saved, as an
    # instructor on a cluster may grade it; the shipped item compares whole runs, because on
    # one node the few-KiB halos through shared memory save nothing to measure): it loads,
    # and reads overlap over cart with the saving banded
    raw = json.loads((REPO / "grading" / "rubrics" / "07-heat.json").read_text())
    for it in raw["items"]:
        if it.get("run") == "overlap-vs-cart-2-ranks":
            it["measure"]["cost"] = FIELDS
            it["bands"] = [{"min": 1.5, "points": 2}, {"min": 1.1, "points": 1}]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "07-heat.json"
        path.write_text(json.dumps(raw))
        rubric = load_rubric(path)
    items = [it for it in rubric["items"] if it.get("measure", {}).get("cost")]
    ok = len(items) == 1 and items[0]["measure"]["rung"] == overlap and items[0]["measure"]["over"] == cart and \
        band_points(4.0, items[0]["bands"]) == max(b["points"] for b in items[0]["bands"]) and \
        band_points(0.5, items[0]["bands"]) == 0 and items[0].get("mpi_ranks") == 2
    c.that("rubric_item", ok, json.dumps(items)[:300])
    return c.exit_code()


if __name__ == "__main__":
    sys.exit(main())
