#!/usr/bin/env python3
"""Scaling items cannot be decided by the load: the grader's verdict on real runs of a
rubric's scaling item (the reference driver of this build, the item's own argv).

  synthetic   verdicts.scaling on made-up records: cores free, cores held, free
              in one round only, no calibration, no parallelism; and
              verdicts.fixed_scaling against the given seq: honest work scores as
              before, a slowed 1-thread run (1.5x, 2x) beside a 2-thread run whose
              second thread only spins scores about 1, and so does a cheaper one-core
              kernel beside a spinner (the rung's own run, where the item names it);
              a non-calibrated item scores its median run, not its best
  real        the item run three ways: as it is (the reference never scores zero:
              either it is measured and earns points, or it is not measurable now);
              beside a CPU hog (full points or "not measurable", never a partial or
              zero grade); with OMP_THREAD_LIMIT=1, a rung that runs on one thread
              whatever it asks (no points, or not measurable)

Exit 0 pass, 1 fail.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.items import CAPACITY, OTHER_LOAD, OtherLoad
from autograder.verdicts import band_points, fixed_scaling, median_run, scaling

REPO = Path(__file__).resolve().parents[2]


def fail(msg: str) -> None:
    print("FAIL: " + msg)
    sys.exit(1)


def rec(variant: str, threads: int, times: list[float], work: float = 1.0, ranks: int = 1) -> dict:
    med = sorted(times)[len(times) // 2]
    return {"variant": variant, "threads": threads, "ranks": ranks, "validated": True,
            "rate": work / med, "median_s": med, "times_s": times}


def synthetic() -> None:
    rung, over = {"variant": "r", "threads": 2}, {"variant": "r", "threads": 1}
    cal_free = [rec("calibrate/one", 1, [0.04] * 5, 2), rec("calibrate/all", 2, [0.02] * 5, 2)]
    cal_held = [rec("calibrate/one", 1, [0.04] * 5, 2), rec("calibrate/all", 2, [0.04, 0.041, 0.039, 0.04, 0.04], 2)]
    good = [rec("r", 1, [0.1, 0.12, 0.1, 0.11, 0.1]), rec("r", 2, [0.055, 0.07, 0.052, 0.06, 0.09])]
    serial = [rec("r", 1, [0.1] * 5), rec("r", 2, [0.1, 0.11, 0.1, 0.1, 0.12])]
    v, why, _ = scaling(good + cal_free, rung, over, CAPACITY)
    if v is None or not 1.8 < v < 2.0:
        fail(f"cores free, a rung that halves its time: expected about 1.9, got {v} ({why})")
    v, why, _ = scaling(good + cal_held, rung, over, CAPACITY)
    if v is not None or "not measurable" not in why:
        fail(f"cores held by other work: expected 'not measurable', got {v} ({why})")
    # one round with free cores, at another moment than the rung's slow runs: not enough
    cal_once = [rec("calibrate/one", 1, [0.04] * 5, 2), rec("calibrate/all", 2, [0.04, 0.02, 0.04, 0.04, 0.04], 2)]
    v, why, _ = scaling(serial + cal_once, rung, over, CAPACITY)
    if v is not None or "not measurable" not in why:
        fail(f"free cores in one round of five: expected 'not measurable', got {v} ({why})")
    v, why, _ = scaling(good, rung, over, CAPACITY)
    if v is not None or "--calibrate" not in why:
        fail(f"no calibration records: expected a message naming --calibrate, got {v} ({why})")
    v, why, _ = scaling(serial + cal_free, rung, over, CAPACITY)
    if v is None or v > 1.05:
        fail(f"a rung that does not run in parallel: expected about 1.0, got {v} ({why})")
    print("synthetic: cores free 1.9, cores held not measurable, free in one round of five not measurable, "
          "no calibration refused, serial 1.0")
    fixed_reference(cal_free)
    # a non-calibrated item (04 tiled against Eigen): the median run, not the best
    lucky = [(0.78, "a"), (0.92, "lucky"), (0.74, "b")]
    if median_run(lucky)[1] != "a" or median_run(lucky[:2])[1] != "a":
        fail(f"runs 0.78, 0.92, 0.74: the median run (0.78) scores, not the lucky 0.92; got {median_run(lucky)}")
    print("non-calibrated: runs 0.78, 0.92, 0.74 score 0.78 (of two runs, the lower)")


def fixed_reference(cal_free: list[dict]) -> None:
    """The denominator is the given seq, timed in the same rounds: what the student runs
    on one thread cannot lower it."""
    seq = [rec("seq", 1, [0.1] * 5)]
    tiled = {"rung": {"variant": "t", "threads": 2}, "over": {"variant": "seq"}, "calibrated": True}
    cases = [  # (what, records of the rung, measure, expected value range)
        ("honest: 2 threads halve seq's time", [rec("t", 1, [0.1] * 5), rec("t", 2, [0.052] * 5)], tiled, (1.85, 1.95)),
        ("1.5x the work on 1 thread, the 2nd thread spins", [rec("t", 1, [0.15] * 5), rec("t", 2, [0.1] * 5)], tiled, (0.95, 1.05)),
        ("2x the work on 1 thread, the 2nd thread spins", [rec("t", 1, [0.2] * 5), rec("t", 2, [0.1] * 5)], tiled, (0.95, 1.05)),
    ]
    # 04 parallel_rows: a row at a time, 0.24 of seq's one product on one thread (share)
    rows = {**tiled, "share": 0.24, "own": {"variant": "t", "threads": 1}}
    cases += [
        ("a row at a time, honest", [rec("t", 1, [0.42] * 5), rec("t", 2, [0.19] * 5)], rows, (2.1, 2.3)),
        ("a row at a time on one thread, 1.75x on 1 thread, a spinner",
         [rec("t", 1, [0.73] * 5), rec("t", 2, [0.42] * 5)], rows, (0.95, 1.05)),
        ("seq's cheaper kernel on one thread beside a spinner (own run honest)",
         [rec("t", 1, [0.1] * 5), rec("t", 2, [0.1] * 5)], rows, (0.95, 1.05)),
    ]
    for what, recs, m, (lo, hi) in cases:
        v, why, info = fixed_scaling(seq + recs + cal_free, m, CAPACITY)
        if v is None or not lo <= v <= hi:
            fail(f"against the given seq, {what}: expected {lo}..{hi}, got {v} ({why})")
        print(f"fixed reference, {what}: {v:.2f}" + (f" (seq {info['fixed']:.2f}, own {info['own']:.2f})" if "own" in info else ""))


def run_item(exe: Path, item: dict, env: dict, tmp: Path, tag: str) -> tuple[float | None, str, float]:
    jf = tmp / f"{tag}.json"
    with OtherLoad() as other:  # as the grader does: the same rule
        p = subprocess.run([str(exe), *item["argv"][1:], "--json", str(jf)], env={**os.environ, **env},
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    if p.returncode != 0:
        fail(f"{tag}: {exe.name} exited {p.returncode}\n{p.stdout[-2000:]}")
    m = item["measure"]
    v, why, _ = fixed_scaling(json.loads(jf.read_text())["records"], m, float(m.get("capacity", CAPACITY)))
    if v is not None and other.cores > OTHER_LOAD:
        v, why = None, f"not measurable now: other processes kept {other.cores:.1f} cores busy"
    print(f"{tag}: other processes kept {other.cores:.2f} cores busy")
    pts = band_points(v, item["bands"]) if v is not None else 0.0
    print(f"{tag}: " + (f"{v:.2f} -> {pts:g} of {max(b['points'] for b in item['bands']):g} points" if v is not None else why))
    return v, why, pts


def real(rubric: Path, name: str, exe: Path) -> None:
    r = json.loads(rubric.read_text())
    item = next(it for it in r["items"] if it["name"] == name)
    if not item["measure"].get("calibrated"):
        fail(f"{name}: not a calibrated scaling item")
    env = {**r.get("env", {}), **item.get("env", {})}
    full, low = max(b["points"] for b in item["bands"]), min(b["min"] for b in item["bands"])
    with tempfile.TemporaryDirectory(prefix="parlab-scaling-") as t:
        tmp = Path(t)
        v, _, _ = run_item(exe, item, env, tmp, "as it is")
        if v is not None and v < low:
            fail(f"the reference was measured at {v:.2f}, below every band ({low:g}), with the cores free")
        hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        try:
            for k in range(3):
                v, _, pts = run_item(exe, item, env, tmp, f"beside a CPU hog, run {k + 1}")
                if v is not None and pts < full:
                    fail(f"beside a CPU hog the reference was graded {pts:g} of {full:g}: the load decided the grade")
        finally:
            hog.kill()
            hog.wait()
        v, _, pts = run_item(exe, item, {**env, "OMP_THREAD_LIMIT": "1"}, tmp, "on one thread (OMP_THREAD_LIMIT=1)")
        if pts > 0:
            fail(f"a rung held to one thread earned {pts:g} points for scaling")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["synthetic", "real"])
    ap.add_argument("--rubric", type=Path)
    ap.add_argument("--item")
    ap.add_argument("--exe", type=Path)
    a = ap.parse_args()
    if a.what == "synthetic":
        synthetic()
    else:
        if not (a.rubric and a.item and a.exe):
            ap.error("real needs --rubric, --item and --exe")
        real(a.rubric, a.item, a.exe)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
