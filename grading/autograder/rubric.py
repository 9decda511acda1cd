"""The rubric: grading/rubrics/<assignment>.json - items, points, thresholds, limits."""
from __future__ import annotations

import json
from pathlib import Path

from .manual import check_item

RUBRICS = Path(__file__).resolve().parent.parent / "rubrics"
# Gradescope's default container has about 768 MB for everything (grader, build,
# tests): one test process may use at most 384 MiB of address space (the rest is
# the grader's and the system's), so a memory hog is stopped by its own limit
# (bad_alloc) before the container's OOM killer acts, and the grader still writes
# results.json. Raise it per rubric only together with
# the container's memory (Gradescope: autograder settings, "memory").
DEFAULT_LIMITS = {
    "build_timeout_s": 600,     # the first (workspace) build; a submission rebuild gets the same
    "test_timeout_s": 60,       # per item unless the item says otherwise
    "memory_mb": 384,           # RLIMIT_AS per process (virtual memory)
    "build_memory_mb": 1536,    # RLIMIT_AS of the compiler (Eigen-heavy files need ~1 GB of address space)
    "nproc": 128,               # RLIMIT_NPROC for the sandbox user (threads count too)
    "fsize_mb": 64,             # largest file a test may write (also caps its output)
    "max_file_kb": 512,         # largest exercise file accepted from a submission
    "core_wait_s": 30,          # after a timed run the load spoiled: wait this long at most for free cores
}
TYPES = ("catch2", "race", "performance", "manual")  # manual: graded by hand, never scored here (manual.py)


def find_rubric(name: str) -> Path:
    p = Path(name)
    if p.suffix == ".json" and p.exists():
        return p
    cands = sorted(RUBRICS.glob("*.json")) if RUBRICS.is_dir() else []
    exact = [c for c in cands if c.stem == name]
    pref = [c for c in cands if c.stem.startswith(name)]
    if exact or len(pref) == 1:
        return (exact or pref)[0]
    raise SystemExit(f"grade: --assignment: no rubric '{name}' (have: {', '.join(c.stem for c in cands) or 'none'})")


def load_rubric(path: Path) -> dict:
    try:
        r = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise SystemExit(f"grade: rubric {path}: {e}")
    for key in ("assignment", "modules", "files", "items"):
        if key not in r:
            raise SystemExit(f"grade: rubric {path}: missing '{key}'")
    if not (isinstance(r.get("oracles", []), list) and all(isinstance(o, str) and o for o in r.get("oracles", []))):
        raise SystemExit(f"grade: rubric {path}: 'oracles' must be a list of qualified function names")
    names = set()
    for it in r["items"]:
        if it.get("type") not in TYPES:
            raise SystemExit(f"grade: rubric {path}: item {it.get('name')!r}: type must be one of {', '.join(TYPES)}")
        if it["name"] in names:
            raise SystemExit(f"grade: rubric {path}: duplicate item name {it['name']!r}")
        names.add(it["name"])
        if it["type"] == "manual":
            check_item(it, f"grade: rubric {path}")
        elif it["type"] == "performance":
            for key in ("bands", "argv", "measure"):
                if key not in it:
                    raise SystemExit(f"grade: rubric {path}: item {it['name']!r}: performance needs '{key}'")
            if "cores" in it and not (isinstance(it["cores"], int) and it["cores"] >= 1):
                raise SystemExit(f"grade: rubric {path}: item {it['name']!r}: 'cores' must be a whole number >= 1 "
                                 "(the CPUs the driver is pinned to)")
            cost = it["measure"].get("cost")
            if cost is not None and not (isinstance(cost, list) and cost and all(isinstance(c, str) for c in cost)
                                         and not it["measure"].get("calibrated")):
                raise SystemExit(f"grade: rubric {path}: item {it['name']!r}: 'cost' is a list of record fields "
                                 "(seconds per run), not with 'calibrated'")
            per = it["measure"].get("per")
            if per is not None and not (isinstance(per, dict) and all(isinstance(per.get(k), dict) for k in ("rung", "over"))
                                        and not it["measure"].get("cost")):
                raise SystemExit(f"grade: rubric {path}: item {it['name']!r}: 'per' is {{'rung': ..., 'over': ...}}: "
                                 "the same gain of a yardstick rung in the run, which the measured gain is divided by")
            share, own = it["measure"].get("share", 1.0), it["measure"].get("own")
            if not it["measure"].get("calibrated") and ("share" in it["measure"] or own is not None):
                raise SystemExit(f"grade: rubric {path}: item {it['name']!r}: 'share' and 'own' belong to a calibrated "
                                 "(scaling) measure")
            if not (isinstance(share, (int, float)) and 0 < share <= 1) or not (own is None or isinstance(own, dict)):
                raise SystemExit(f"grade: rubric {path}: item {it['name']!r}: 'share' is in (0, 1] (the reference's "
                                 "one-thread rate over 'over'), 'own' a rung like 'rung'")
            if it["measure"].get("calibrated") and not {"--calibrate", "--interleave"} <= set(it["argv"]):
                raise SystemExit(f"grade: rubric {path}: item {it['name']!r}: a calibrated measure needs "
                                 "--calibrate and --interleave in its argv (the ideal loop in the same rounds)")
        elif "exe" not in it or not (it.get("case") or it.get("cases")):
            raise SystemExit(f"grade: rubric {path}: item {it['name']!r}: needs 'exe' and 'case' (or 'cases')")
    check_against_manifest(r, path)
    r["limits"] = {**DEFAULT_LIMITS, **r.get("limits", {})}
    r["_path"] = str(path)
    return r


def check_against_manifest(r: dict, path) -> None:
    """A performance item's argv is generated from the run it names in the module's manifest
    (modules/<assignment>/module.json, tools/manifest.py write): a stale copy is refused, not
    graded. Skipped where the manifest is not beside the rubric (the Gradescope package)."""
    mf = RUBRICS.parent.parent / "modules" / r["assignment"] / "module.json"
    if not mf.is_file():
        return
    runs = {x["name"]: x["argv"] for x in json.loads(mf.read_text())["runs"].get("grade", [])}
    for it in r["items"]:
        if "run" in it and runs.get(it["run"]) != it.get("argv"):
            raise SystemExit(f"grade: rubric {path}: item {it['name']!r}: its argv is not run {it['run']!r} of {mf} "
                             "(tools/manifest.py write regenerates it)")


def item_points(it: dict) -> float:
    if it["type"] == "performance":
        return float(max(b["points"] for b in it["bands"]))
    return float(it["points"])


def item_cases(it: dict) -> list[str]:
    """The Catch2 test cases an item runs (all must pass): 'case' or 'cases'."""
    return list(it["cases"]) if "cases" in it else [it["case"]]


def autograded(r: dict) -> list[dict]:
    """The items the autograder runs and scores (not the manual ones)."""
    return [it for it in r["items"] if it["type"] != "manual"]


def exe_name(it: dict) -> str:
    return Path(it["argv"][0]).name if it["type"] == "performance" else it["exe"]
