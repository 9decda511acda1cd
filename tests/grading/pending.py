#!/usr/bin/env python3
"""'Not measurable now' is a state, never a zero.

  render    a pending item in results.json (0/0, 'passed', named and tagged pending,
            its output led by what happened; not in the maximum), the summary and JUnit
  regrade   grade.py --only-pending on a real grade of the 01 reference: only the item
            pending there is graded again (full marks now), the others are kept as they were
  batch     grades.csv ('pending' cells and column), the batch's second pass that grades
            the pending items again, and the list of what is still pending
  device    an 'on_device' item (04's offload): rungs whose records say host-fallback, or
            that have no record, make it pending ('not measurable here'); on a device, none

    pending.py render | batch | device
    pending.py regrade --workspace WS

Exit 0 pass, 1 fail.
"""
from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from contextlib import redirect_stdout
from pathlib import Path

from autograder import batch
from autograder.grader import initial_results
from autograder.report import Grade
from autograder.rubric import find_rubric, load_rubric

REPO = Path(__file__).resolve().parents[2]
GRADE = REPO / "grading" / "grade.py"

RUBRIC = load_rubric(find_rubric("01-sequential"))
FILES = RUBRIC["files"]
BUSY = "not measurable now: the machine was too busy - other processes kept 2.0 cores busy"


def fail(msg: str) -> None:
    print("FAIL: " + msg)
    sys.exit(1)


def expect(what: str, ok: bool, shown=None) -> None:
    if not ok:
        fail(what + (f": {shown}" if shown is not None else ""))
    print("ok:", what)


def grade_with_pending() -> Grade:
    """The 01 reference as the grader records it when the blocked item could not be timed."""
    g = Grade(RUBRIC["assignment"])
    g.results = initial_results(RUBRIC)
    for r in g.results[:3]:
        r.score, r.output, r.pending = r.max_score, "passed", False
    g.results[3].output = BUSY  # pending: left as initial_results made it
    return g


def render() -> None:
    g = grade_with_pending()
    res = g.gradescope()
    t = res["tests"][3]
    expect("the pending item is 0/0 and not red", (t["score"], t["max_score"], t["status"]) == (0, 0, "passed"), t)
    expect("its name and tags say pending", t["name"].endswith("[pending re-measurement]") and "pending" in t["tags"], t)
    expect("its output leads with the state, then what happened",
           t["output"].startswith("PENDING RE-MEASUREMENT - not a failure") and BUSY in t["output"], t["output"])
    expect("extra_data records the item and its state", t["extra_data"] == {"item": g.results[3].name,
                                                                           "state": "pending", "points": 2.0}, t)
    expect("the total's maximum leaves the pending points out", (res["score"], res["max_score"]) == (9, 9), res)
    expect("the summary names the pending points", "**Pending re-measurement: 2 points" in g.table(), g.table())
    row = [ln for ln in g.table().splitlines() if ln.startswith("| Exercise 2 - cache blocking: speedup")][0]
    expect("its row says pending, not failed", "| (2 pending) | pending |" in row, row)
    junit = ET.fromstring(g.junit())
    tc = [c for c in junit.iter("testcase") if c.get("name") == g.results[3].name][0]
    expect("JUnit: skipped, no failure", tc.find("failure") is None
           and tc.find("skipped").get("message").startswith("pending re-measurement"), ET.tostring(tc)[:300])


def mark_pending(res: dict, i: int) -> None:
    """Item i of a results.json as a grade that could not measure it writes it."""
    g = Grade(RUBRIC["assignment"])
    g.results = initial_results(RUBRIC)
    g.results[i].output = BUSY
    res["tests"][i] = g.gradescope_test(g.results[i])


def regrade(ws: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="parlab-pending-") as t:
        tmp = Path(t)
        sub = tmp / "sub"
        sub.mkdir()
        for f in FILES:
            shutil.copy(REPO / f, sub / Path(f).name)
        results = tmp / "results.json"
        base = [sys.executable, str(GRADE), "--assignment", "01-sequential", "--release", str(ws / "release"),
                "--workspace", str(ws), "--submission", str(sub), "--test-timeout", "30", "--jobs", "2",
                "--skip-performance", "--quiet"]
        run(base + ["--results", str(results)])
        res = json.loads(results.read_text())
        res["tests"][0]["output"] = "KEPT: graded before"
        mark_pending(res, 1)
        results.write_text(json.dumps(res))
        run(base + ["--only-pending", str(results), "--summary", str(tmp / "summary.txt")])
        after = json.loads(results.read_text())
        t0, t1 = after["tests"][0], after["tests"][1]
        expect("the item graded before is kept as it was", t0["output"] == "KEPT: graded before" and t0["score"] == 4, t0)
        expect("the pending item is graded now: full marks", (t1["score"], t1["max_score"], t1["tags"]) == (4, 4, ["catch2"]),
               t1)
        expect("the merged total", (after["score"], after["max_score"]) == (8, 8), (after["score"], after["max_score"]))
        expect("the summary says what was graded again",
               "re-graded only the items pending re-measurement: " + RUBRIC["items"][1]["name"] in after["output"],
               after["output"][-600:])


def run(cmd: list[str]) -> None:
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=400)
    if p.returncode != 0:
        print(p.stdout[-2000:], p.stderr[-3000:])
        fail(f"the grader exited {p.returncode}")


def batch_pass() -> None:
    with tempfile.TemporaryDirectory(prefix="parlab-pending-batch-") as t:
        out = Path(t)
        for name, pend in (("alice", False), ("bob", True)):
            g = grade_with_pending()
            if not pend:
                g.results[3].score, g.results[3].pending = 2.0, False
            (out / name).mkdir()
            (out / name / "results.json").write_text(json.dumps(g.gradescope()))
        rows = [batch.grade_row(n, out / n / "results.json", RUBRIC) for n in ("alice", "bob")]
        expect("grades.csv: a pending item's cell says so, and the pending column names it",
               rows[1][6] == "pending" and rows[1][-1] == RUBRIC["items"][3]["name"] and rows[0][-1] == "", rows)
        graded_again = []

        def grade_one(sub: Path, extra: list[str]) -> list:
            graded_again.append((sub.name, extra))
            return rows[0][:1] + ["regraded"]

        batch.FREE_WAIT_S = 0  # the cores need not be free for this check
        new, _ = batch.regrade_pending(rows, [out / "alice", out / "bob"], out, grade_one)
        expect("the second pass grades only the pending submission's pending items",
               graded_again == [("bob", ["--only-pending", str(out / "bob" / "results.json")])], graded_again)
        expect("and takes its new row", new[1] == ["alice", "regraded"], new)
        buf = io.StringIO()
        with redirect_stdout(buf):
            left = batch.report_pending(rows, out)
        expect("the batch lists what is still pending", left == {"bob": [RUBRIC["items"][3]["name"]]}
               and "pending re-measurement" in buf.getvalue() and "--only-pending" in buf.getvalue(), buf.getvalue())


def device() -> None:
    from autograder.verdicts import off_device
    rungs = [{"variant": "offload_tuned"}, {"variant": "offload"}]
    gpu = [{"variant": v, "threads": 1, "device": "nvptx:0"} for v in ("offload", "offload_tuned")]
    host = [{**r, "device": "host-fallback"} for r in gpu]
    expect("on a device: measurable", off_device(gpu, rungs) == "", off_device(gpu, rungs))
    why = off_device(host, rungs)
    expect("on the host fallback: not measurable here, saying where they ran",
           why.startswith("not measurable here") and "host-fallback" in why, why)
    why = off_device(gpu[:1], rungs)
    expect("a missing record: not measurable here", why.startswith("not measurable here") and "no device" in why, why)
    why = off_device([gpu[0], host[1]], rungs)
    expect("one rung on the host is enough to refuse", "offload_tuned" in why, why)
    rubric = load_rubric(find_rubric("04-openmp"))
    items = [it for it in rubric["items"] if it.get("on_device")]
    expect("04's offload performance item is on_device", len(items) == 1 and items[0]["type"] == "performance", items)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["render", "regrade", "batch", "device"])
    ap.add_argument("--workspace", type=Path)
    a = ap.parse_args()
    if a.what == "render":
        render()
    elif a.what == "batch":
        batch_pass()
    elif a.what == "device":
        device()
    else:
        if not a.workspace:
            ap.error("regrade needs --workspace")
        regrade(a.workspace.resolve())
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
