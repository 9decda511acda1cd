"""The JSON records the drivers write (docs/record-format.md; common/src/report.cpp writes
them): the one reader of result files, and the quantities a record carries. Each quantity is
read as the C++ wrote it; what no single record can hold (a speedup across runs) is computed
here once, with the C++'s formula."""
from __future__ import annotations

import glob
import json
import os
import sys


class NotRecords(ValueError):
    """A file that is not a parlab results document ({"context": ..., "records": [...]})."""


def read(path) -> dict:
    """One results document; OSError if unreadable, ValueError (NotRecords included) if it is
    not JSON or not a parlab results file."""
    with open(path) as f:
        doc = json.load(f)
    if not isinstance(doc, dict) or not isinstance(doc.get("records", []), list):
        raise NotRecords("not a parlab results file")
    return doc


def files(paths) -> list[str]:
    """The files named, and every *.json below a folder named (sorted)."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            out += sorted(glob.glob(os.path.join(p, "**", "*.json"), recursive=True))
        else:
            out.append(p)
    return out


def load(paths, who: str = "records") -> list[dict]:
    """Every record of the files and folders given, each with '_file' (its file). A file that
    cannot be read, or is not a results file, is skipped with a line on stderr naming `who`."""
    rows = []
    for path in files(paths):
        try:
            doc = read(path)
        except (OSError, ValueError) as e:
            print(f"{who}: skipping {path}: {e}", file=sys.stderr)
            continue
        for r in doc.get("records", []):
            if isinstance(r, dict):
                r["_file"] = path
                rows.append(r)
    return rows


def context(paths) -> dict:
    """The context of the first readable results file ({} if none)."""
    for path in files(paths):
        try:
            ctx = read(path).get("context")
        except (OSError, ValueError):
            continue
        if ctx:
            return ctx
    return {}


# ---------------------------------------------------------------- what a record carries
def workers(r: dict) -> int:
    """The workers a rung used: the record's `workers` (Record::workers(), ranks x threads; the
    efficiency divides by it). A record written before that field: its ranks x threads."""
    if isinstance(r.get("workers"), int):
        return r["workers"]
    return int(r.get("threads") or 1) * int(r.get("ranks") or 1)


def speedup_of(r: dict):
    """(ratio, baseline rung) from the record's speedup_vs_<rung> field, or (None, None)."""
    for key, value in r.items():
        if key.startswith("speedup_vs_") and value is not None:
            return value, key[len("speedup_vs_"):]
    return None, None


def size_of(r: dict, n_prefix: str = "") -> str:
    """The problem size of a record: WxHxF for renders, MxKxN for rectangular products, else n
    (written n=N with n_prefix "n=")."""
    if r.get("kernel") == "render" or r.get("width"):
        return f'{r.get("width")}x{r.get("height")}x{r.get("frames")}'
    if r.get("m"):
        return f'{r["m"]}x{r["k"]}x{r["n"]}'
    return f'{n_prefix}{r.get("n", "")}'


def peak_of(r: dict):
    """The FMA peak (GFLOP/s) the record's `pct_peak` is a percentage of: that of its `threads`
    cores, as the driver measured it (common/src/timing.cpp, peak_gflops); None without one."""
    pct, rate = r.get("pct_peak"), r.get("rate")
    if not isinstance(pct, (int, float)) or pct <= 0 or not isinstance(rate, (int, float)):
        return None
    return 100.0 * rate / pct


def usable(r: dict) -> bool:
    """Validated, with a positive median time and a rate: a record a comparison may use."""
    try:
        return bool(r.get("validated")) and float(r["median_s"]) > 0 and float(r.get("rate") or 0) >= 0
    except (KeyError, TypeError, ValueError):
        return False


def karp_flatt(s: float, p: int) -> float:
    """The serial fraction a speedup S on p workers implies, (1/S - 1/p) / (1 - 1/p); NaN for
    p = 1. A record's own `karp_flatt` (against its rung's 1-thread run, same run) is this,
    computed by common/src/timing.cpp; this one is for a speedup across runs (a scaling series,
    tools/scaling.py), which no single record holds."""
    if p <= 1 or s <= 0:
        return float("nan")
    return (1.0 / s - 1.0 / p) / (1.0 - 1.0 / p)
