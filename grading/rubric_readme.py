#!/usr/bin/env python3
"""The "How it is graded" section of each module README, generated from its rubric.

    grading/rubric_readme.py --write     # rewrite the lines between the markers
    grading/rubric_readme.py --check     # exit 1 if a README disagrees with its rubric

Between `<!-- BEGIN RUBRIC -->` and `<!-- END RUBRIC -->` in
modules/<module>/README.md: every rubric item by its exact name and points, what
it runs, and for performance items the measured ratio and the bands.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BEGIN, END = "<!-- BEGIN RUBRIC", "<!-- END RUBRIC -->"
KIND = {"catch2": "correctness", "race": "race check", "performance": "performance",
        "manual": "analysis, graded by hand"}


def points(it: dict) -> float:
    return float(max(b["points"] for b in it["bands"])) if it["type"] == "performance" else float(it["points"])


def what(it: dict) -> str:
    if it["type"] == "manual":  # the grader's guidance stays in the rubric: it holds the answers
        return ("hand in " + " and ".join(f"`{a}`" for a in it["attach"])
                + " (the autograder attaches them to its output for the grader); " + it.get("scheme", ""))
    if it["type"] == "performance":
        m = it["measure"]
        say = lambda d: " ".join(f"{k}={v}" for k, v in d.items())
        how = "median of the round-by-round ratios" if "--interleave" in it["argv"] else "same run"
        if m.get("calibrated"):
            how = (f"the higher of the median round-by-round ratio and the fastest rounds' ratio, over the rounds "
                   f"in which an ideal parallel loop gained at least x{m.get('capacity', 1.6):g} and no other process "
                   f"kept the cores busy (else the grader waits for the cores and runs again)")
        ratio = f"rate of {say(m['rung'])} / rate of {say(m['over'])}"
        if m.get("share"):
            ratio += f" over {m['share']:g} (one thread of the reference solution's arithmetic against {say(m['over'])})"
        if m.get("own"):
            ratio += f", and against {say(m['own'])} (the lower counts)"
        if m.get("cost"):
            cost = " + ".join(m["cost"])
            ratio = f"{cost} of {say(m['over'])} / {cost} of {say(m['rung'])}"
            how = "side by side in one run, counted only while no other process kept the cores busy"
        launch = f"mpirun -np {it['mpi_ranks']} " if it.get("mpi_ranks") else ""
        if m.get("per"):  # the gain, then the yardstick's same gain it is divided by
            how += (f"; divided by the same gain of the yardstick in that run, rate of {say(m['per']['rung'])}"
                    f" / rate of {say(m['per']['over'])} (median of the round-by-round ratios)")
        text = (f"`{launch}{' '.join(it['argv'])}`: {ratio}, {how}, "
                f"{'best' if m.get('calibrated') else 'median'} of {it.get('runs', 3)} runs; " + ", ".join(f">= {b['min']:g}: {b['points']:g}"
                                                           for b in sorted(it["bands"], key=lambda b: -b["min"])))
        for q in it.get("require", []):
            text += f"; only if {say(q['rung'])} / {say(q['over'])} >= {q['min']:g}"
        if it.get("cores"):
            text += f"; on {it['cores']} core(s): the driver is pinned to them and its CPU time counted"
        if it.get("requires"):
            text += "; run once " + " and ".join(f'"{n}"' for n in it["requires"]) + " passed"
        if it.get("on_device"):
            text += ("; only where the rungs run on a GPU: elsewhere (the host fallback) it is pending, "
                     "*not measurable here*, never a zero")
        # bands_why stays in the rubric (instructors): it reasons with the figures and the halo
        # model that the student's REPORT asks for, so the student's README does not print it.
        return text
    cases = it.get("cases") or [it["case"]]
    where = " (ThreadSanitizer build)" if it["type"] == "race" else ""
    return f"`{it['exe']}`{where}: " + "; ".join(f'"{c}"' for c in cases)


def section(rubric: dict, name: str) -> str:
    auto = sum(points(it) for it in rubric["items"] if it["type"] != "manual")
    by_hand = sum(points(it) for it in rubric["items"] if it["type"] == "manual")
    total = (f"The autograder (`make grade ASSIGNMENT={rubric['assignment']}`) gives {auto:g} points"
             + (f"; {by_hand:g} more are graded by hand ({auto + by_hand:g} in all):" if by_hand else ":"))
    lines = [f"{BEGIN} (generated from grading/rubrics/{name} by grading/rubric_readme.py; do not edit) -->",
             total, "",
             "| item | points | kind | what runs |", "|---|---:|---|---|"]
    for it in rubric["items"]:
        lines.append(f"| {it['name']} | {points(it):g} | {KIND[it['type']]} | {what(it).replace('|', '/')} |")
    lines += ["", "A performance item compares two rungs measured in one run of the driver, in rounds that alternate",
              "them (`--interleave`), so a load that comes and goes slows both sides of each round alike; it takes",
              "the median of the rounds' ratios and shows every run's ratio; it scores its median run (a scaling item:",
              "its best run). Every timed run gets freshly drawn inputs and its result is checked, so only work done",
              "counts. A thread-count item compares the rung with a one-worker baseline timed in the same rounds: the",
              "given sequential rung where the module has one (code you did not write, so a slower 1-thread run of yours",
              "buys nothing), else its own 1-thread run; a rung that does not run in parallel earns none. A scaling",
              "item also times an ideal parallel loop in the same rounds (`--calibrate`)",
              "and counts the CPU time of other processes: when other work held the cores, the grader waits and measures",
              "again, and if the cores never came free it says the item could not be measured rather than give the load's",
              "grade.", END]
    return "\n".join(lines)


def readme_of(rubric: dict) -> Path | None:
    readme = REPO / "modules" / rubric["assignment"] / "README.md"  # the assignment's own module
    return readme if readme.is_file() else None


def rewrite(text: str, new: str) -> str | None:
    b, e = text.find(BEGIN), text.find(END)
    if b < 0 or e < b:
        return None
    return text[:b] + new + text[e + len(END):]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--write", action="store_true")
    g.add_argument("--check", action="store_true")
    a = ap.parse_args()
    bad = 0
    for p in sorted((HERE / "rubrics").glob("*.json")):
        rubric = json.loads(p.read_text())
        readme = readme_of(rubric)
        if readme is None:
            continue  # a module another branch adds
        text = readme.read_text()
        new = rewrite(text, section(rubric, p.name))
        if new is None:
            print(f"{readme.relative_to(REPO)}: no {BEGIN} ... {END} markers in its 'How it is graded' section")
            bad += 1
        elif new != text:
            if a.write:
                readme.write_text(new)
                print(f"rewrote {readme.relative_to(REPO)}")
            else:
                print(f"{readme.relative_to(REPO)}: 'How it is graded' differs from {p.name}: run grading/rubric_readme.py --write")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
