"""The size of every exercise's reference solution: the non-comment lines of its files'
solution regions, as the release tools parse them (release/markers.py; a lone brace does not
count). An exercise whose solution is
shorter than MIN_LINES is one directive or one call: the course wants exercises a student
has to think through, so such an exercise must say why it is short on purpose (the
manifest's `short`, printed in the module README's exercise table).

    tools/exercise_sizes.py           # the table
    tools/exercise_sizes.py --check   # also fail on a short exercise that does not say why
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from parlab import manifest
from parlab.release import markers

MIN_LINES = 4


def solution_lines(text: str, name: str = "<text>") -> int:
    return sum(1 for line in markers.strip_text(text, name).solution_lines
               if (t := line.strip()) and not t.startswith("//") and t not in ("{", "}", "};"))


def sizes(root: Path = manifest.ROOT) -> list[dict]:
    out = []
    for d in sorted((root / "modules").iterdir()):
        if not (d / "module.json").is_file():
            continue
        m = manifest.load(d)
        for e in m["exercises"]:
            files = e["file"] if isinstance(e["file"], list) else [e["file"]]
            n = sum(solution_lines((d / f).read_text(), str(d / f)) for f in files if (d / f).is_file())
            out.append({"module": m["module"], "n": e["n"], "file": files[0], "lines": n, "short": e.get("short", "")})
    return out


def problems(rows: list[dict], root: Path = manifest.ROOT) -> list[str]:
    bad = []
    for r in rows:
        if r["lines"] >= MIN_LINES:
            continue
        where = f"{r['module']} exercise {r['n']} ({r['file']}): {r['lines']} solution line(s)"
        if not r["short"]:
            bad.append(f"{where}, under {MIN_LINES}, and its manifest entry gives no 'short' reason")
        elif r["short"] not in (root / "modules" / r["module"] / "README.md").read_text():
            bad.append(f"{where}: its 'short' reason is not in the README (tools/manifest.py write)")
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="solution sizes per exercise")
    ap.add_argument("--check", action="store_true", help=f"fail on an exercise under {MIN_LINES} lines without a reason")
    args = ap.parse_args(argv)
    rows = sizes()
    print(f"{'module':<16}{'#':>4}  {'lines':>5}  file")
    for r in rows:
        print(f"{r['module']:<16}{r['n']:>4}  {r['lines']:>5}  {r['file']}{'  (short: said why)' if r['short'] else ''}")
    counts = [r["lines"] for r in rows]
    print(f"{len(rows)} exercises, median {statistics.median(counts):g} lines, "
          f"{sum(c < MIN_LINES for c in counts)} under {MIN_LINES}")
    if not args.check:
        return 0
    bad = problems(rows)
    for b in bad:
        print("FAIL:", b, file=sys.stderr)
    if bad:
        return 1
    print("every exercise is at least", MIN_LINES, "lines or says why it is short")
    return 0
