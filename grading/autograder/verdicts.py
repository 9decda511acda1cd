"""Verdicts from evidence the grader checks, never from what a program prints:
Catch2 JUnit reports (v2 and v3 layouts) and the benchmark records of a driver."""
from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from parlab.records import workers

from .util import tail


def catch_escape(name: str) -> str:
    """A Catch2 test name as a command-line test spec (',' '[' ']' '\\' are special)."""
    for ch in "\\,[]":
        name = name.replace(ch, "\\" + ch)
    return name


def _names_case(tc: ET.Element, case: str) -> bool:
    # v2: name="case" or "case/section"; v3 the same, with classname "<exe>.global"
    name = tc.get("name", "")
    return name == case or name.startswith(case + "/")


def junit_verdict(reports: list[Path], cases: list[str]) -> tuple[bool, str]:
    """Every expected report exists and parses, names every case, ran checks and
    records no failure, error or skip. Tolerant of Catch2 v2 (<testsuites> or
    <testsuite> root) and v3 (<testsuites> root): testcases are looked for anywhere."""
    if not reports:
        return False, "no test report"
    for rp in reports:
        if not rp.is_file():
            return False, ("no test report: the test process ended before Catch2 wrote its report "
                           "(a crash, exit() or abort in your code?)")
        try:
            root = ET.parse(rp).getroot()
        except ET.ParseError:
            return False, "the test report is incomplete (the process was killed or exited while writing it)"
        tcs = list(root.iter("testcase"))
        for case in cases:
            if not any(_names_case(tc, case) for tc in tcs):
                return False, f"the report does not contain the test case '{case}'"
        problems, skipped = [], []
        for tc in tcs:
            for bad in tc.findall("failure") + tc.findall("error"):
                msg = (bad.get("message") or "").strip()
                body = (bad.text or "").strip()
                problems.append(f"{bad.tag}: {msg}\n{body}".strip())
            for s in tc.findall("skipped"):
                skipped.append(f"{tc.get('name')}: {(s.get('message') or s.text or '').strip()}")
        if problems:
            text = "\n".join(problems)
            head = "not implemented yet" if "not implemented" in text.lower() else "failed"
            return False, f"{head}:\n" + tail(text, 1500)
        if skipped:
            return False, "skipped by the test (counts as not passed):\n" + "\n".join(skipped)[:800]
        suites = [s for s in root.iter("testsuite")] or [root]
        counts = [s.get("tests") for s in suites if s.get("tests") is not None]
        if counts and sum(int(c or 0) for c in counts) == 0:
            return False, "the test ran no checks"
    return True, "passed"


# ---------------------------------------------------------------- performance
def find_record(records: list[dict], match: dict) -> dict | None:
    hits = [r for r in records if isinstance(r, dict) and all(r.get(k) == v for k, v in match.items())]
    return hits[-1] if hits else None


def ratio(records: list[dict], rung: dict, over: dict) -> tuple[float | None, str]:
    """rate(rung) / rate(over), both records of the same run and both validated."""
    a, b = find_record(records, rung), find_record(records, over)
    for want, rec in ((rung, a), (over, b)):
        if rec is None:
            return None, f"no record matching {want} in the benchmark's JSON"
        if rec.get("validated") is not True:
            return None, f"the result of {want} did not validate: no performance points"
        if not isinstance(rec.get("rate"), (int, float)) or rec["rate"] <= 0:
            return None, f"the record {want} has no positive 'rate'"
    pairs = paired_ratios(a, b)
    if pairs:
        return statistics.median(pairs), ""
    return float(a["rate"]) / float(b["rate"]), ""


def over_yardstick(v: float, records: list[dict], per: dict) -> tuple[float | None, str]:
    """A gain v of a rung read against the same gain of a yardstick rung in the same run
    ('per' in a measure: 07's omp 2-over-1 threads over the triad's 2-over-1): a memory-bound
    rung can gain only what the memory gains, so the quotient is the code's part alone."""
    pv, why = ratio(records, per["rung"], per["over"])
    return (v / pv, "") if pv else (None, why)


def cost_ratio(records: list[dict], rung: dict, over: dict, fields: list[str]) -> tuple[float | None, str]:
    """A time a rung should save, measured side by side in one run: the sum of `fields`
    (seconds per run the driver writes, e.g. 07's exchange_s + wait_s) of `over` divided by
    that of `rung` (above 1: `rung` spends less there). Both records validated."""
    costs = []
    for want in (over, rung):
        rec = find_record(records, want)
        if rec is None:
            return None, f"no record matching {want} in the benchmark's JSON"
        if rec.get("validated") is not True:
            return None, f"the result of {want} did not validate: no performance points"
        vals = [rec.get(f) for f in fields]
        if not all(isinstance(v, (int, float)) and v >= 0 for v in vals):
            return None, f"the record {want} lacks {' or '.join(fields)} (seconds per run)"
        costs.append(sum(float(v) for v in vals))
    if costs[1] <= 0:  # nothing spent at all: as good as it gets, without a ratio to speak of
        return (float("inf") if costs[0] > 0 else 1.0), ""
    return costs[0] / costs[1], ""


def paired_ratios(a: dict, b: dict) -> list[float]:
    """With --interleave the driver timed the rungs in rounds (times_s, in round order):
    the ratio round by round, so a load that comes and goes slows both sides of each
    pair alike. Empty when the records have no rounds to pair."""
    ta, tb = a.get("times_s"), b.get("times_s")
    if not (isinstance(ta, list) and isinstance(tb, list) and ta and len(ta) == len(tb)):
        return []
    if not all(isinstance(t, (int, float)) and t > 0 for t in ta + tb):
        return []
    work_a, work_b = float(a["rate"]) * float(a["median_s"]), float(b["rate"]) * float(b["median_s"])
    return [(work_a / x) / (work_b / y) for x, y in zip(ta, tb)]


def _calibration_for(records: list[dict], rec: dict) -> dict | None:
    """The ideal loop's record (--calibrate) on as many workers as `rec` used."""
    if workers(rec) == 1:
        return find_record(records, {"variant": "calibrate/one"})
    hits = [r for r in records if isinstance(r, dict) and r.get("variant") == "calibrate/all" and workers(r) == workers(rec)]
    return hits[-1] if hits else None


def round_times(rec: dict) -> list[float] | None:
    t = rec.get("times_s")
    if isinstance(t, list) and t and all(isinstance(x, (int, float)) and x > 0 for x in t):
        return [float(x) for x in t]
    return None


def scaling(records: list[dict], rung: dict, over: dict, need: float) -> tuple[float | None, str, dict]:
    """A scaling item (a rung on more workers against fewer), from the rounds in which
    the cores were there: the ideal loop, timed in every round right after the rungs
    (--calibrate), gained at least `need` in that round and in the round before, so
    the rung's run sits between two moments of free cores. Over those rounds: the
    higher of the median round-by-round ratio and the ratio of each rung's fastest
    round (other work only slows runs down, so both err low). With fewer than a third
    of the rounds (at least 2) free, no value: not measurable now, rather than a grade
    the load decided."""
    v, why = ratio(records, rung, over)
    if v is None:
        return None, why, {}
    a, b = find_record(records, rung), find_record(records, over)
    ca, cb = _calibration_for(records, a), _calibration_for(records, b)
    ta, tb = round_times(a), round_times(b)
    tca, tcb = (round_times(ca), round_times(cb)) if ca and cb else (None, None)
    if not (ta and tb and tca and tcb) or not len(ta) == len(tb) == len(tca) == len(tcb):
        return None, "the benchmark's JSON has no calibration records in its rounds (--calibrate --interleave)", {}
    work_a, work_b = float(a["rate"]) * float(a["median_s"]), float(b["rate"]) * float(b["median_s"])
    ideal = [y / x for x, y in zip(tca, tcb)]  # the ideal loop's gain, round by round
    free = [k for k in range(len(ideal)) if ideal[k] >= need and (k == 0 or ideal[k - 1] >= need)]
    info = {"workers": workers(a), "free": len(free), "rounds": len(ideal)}
    if len(free) < max(2, -(-len(ideal) // 3)):
        return None, (f"not measurable now: other work held the cores (an ideal parallel loop timed in the same "
                      f"rounds gained x{need:g} on {workers(a)} workers in {len(free)} of {len(ideal)} rounds, "
                      f"best x{max(ideal):.2f}); grade again when the machine is less busy"), info
    info["capacity"] = statistics.median(ideal[k] for k in free)  # in the rounds that count
    pairs = statistics.median((work_a / ta[k]) / (work_b / tb[k]) for k in free)
    fastest = (work_a / min(ta[k] for k in free)) / (work_b / min(tb[k] for k in free))
    return max(pairs, fastest), "", info


def fixed_scaling(records: list[dict], m: dict, need: float) -> tuple[float | None, str, dict]:
    """A scaling item judged against a fixed reference: `over` is a rung the student did not
    write (the given one-thread `seq`), timed in the same rounds, so nothing the student runs
    on fewer threads can lower the denominator (doing the work 1.5x, sleeping). `share`
    (default 1): the one-thread rate of the reference solution's arithmetic as a share of
    `over`'s, measured on a quiet machine (04's parallel_rows computes a row at a time: 0.24
    of seq's one product), so the value reads as a speedup over one thread of that
    arithmetic. `own` (optional): the rung's own run on fewer threads; the value is then the
    lower of the two, so neither a cheaper one-core kernel (beside a spinning thread) nor a
    slowed baseline alone earns points. The rounds that count: `scaling`."""
    v, why, info = scaling(records, m["rung"], m["over"], need)
    if v is None:
        return None, why, info
    share = float(m.get("share", 1.0))
    info["fixed"] = v
    v /= share
    if m.get("own"):
        own, why, _ = scaling(records, m["rung"], m["own"], need)
        if own is None:
            return None, why, info
        info["own"] = own
        v = min(v, own)
    return v, "", info


def median_run(scored: list[tuple]) -> tuple:
    """The run a non-calibrated item scores: of (value, ...) per run, the median one (of an
    even number, the lower middle one), so one lucky run among noisy ones decides nothing."""
    return sorted(scored, key=lambda s: s[0])[(len(scored) - 1) // 2]


def band_points(value: float, bands: list[dict]) -> float:
    for band in sorted(bands, key=lambda b: -b["min"]):
        if value >= band["min"]:
            return float(band["points"])
    return 0.0


def band_index(value: float, bands: list[dict]) -> int:
    """Which interval of values a run's value (0 where its gates failed) lies in: the bands
    it reaches, counted from below; 0 for no points, -1 for a value <= 0 where a band reaches
    down to it (a gate that failed still scores nothing). The intervals do not overlap and
    each scores one number of points (median_run's score of a median there)."""
    if value <= 0 and min(b["min"] for b in bands) <= 0:
        return -1
    return sum(value >= b["min"] for b in bands)


def median_decided(values: list[float], runs: int, bands: list[dict]) -> bool:
    """Whether the median of all `runs` runs of a non-calibrated item (median_run) is known
    from the first ones (`values`): more than runs // 2 of them lie in one band's interval.
    The median of any set with that majority in one interval lies in it (in sorted order the
    majority is one stretch that covers the middle), so the points are the same whatever the
    other runs measure, and the median of the runs made so far earns them too."""
    return any(n > runs // 2 for n in Counter(band_index(v, bands) for v in values).values())


def describe(what: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in what.items())


HOST_FALLBACK = "host-fallback"  # the record's device when OpenMP ran a target region on the host


def off_device(records: list[dict], rungs: list[dict]) -> str:
    """Why an item that measures offload rungs ('on_device') cannot be measured here: a
    record of those rungs ran on the host fallback, or is missing (empty: all on a device).
    Not the submission's fault and not a zero: the grader keeps such an item pending."""
    for match in rungs:
        rec = find_record(records, match)
        device = rec.get("device") if rec else None
        if not device or device == HOST_FALLBACK:
            return (f"not measurable here: {describe(match)} ran on {device or 'no device'}, not on a GPU "
                    "(no offload device on this machine, or no offload compiler in this build); "
                    "this item is graded where a device is present")
    return ""
