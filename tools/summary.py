#!/usr/bin/env python3
"""Print one table over parlab JSON result files: every record's rate and its
speedup over the baseline rung of its own run (ratios measured in the same run)."""
import json
import sys


def load(paths):
    rows = []
    for path in paths:
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print(f"summary: skipping {path}: {e}", file=sys.stderr)
            continue
        for r in doc.get("records", []):
            r["_file"] = path
            rows.append(r)
    return rows


def size_of(r, n_prefix=""):
    """The problem size of a record: WxHxF for renders, MxKxN for rectangular
    products, else n (written n=N with n_prefix "n=", as tools/scaling.py does)."""
    if r.get("kernel") == "render" or r.get("width"):
        return f'{r.get("width")}x{r.get("height")}x{r.get("frames")}'
    if r.get("m"):
        return f'{r["m"]}x{r["k"]}x{r["n"]}'
    return f'{n_prefix}{r.get("n", "")}'


def speedup_of(r):
    for key, value in r.items():
        if key.startswith("speedup_vs_") and value is not None:
            return f"{value:.2f} (vs {key[len('speedup_vs_'):]})"
    return "-"


def main(argv):
    paths = [p for p in argv[1:] if not p.endswith("*.json")]
    rows = load(paths)
    if not rows:
        print("summary: no records")
        return 0
    header = ["module", "kernel", "variant", "size", "threads", "ranks", "median s", "rate", "unit", "speedup", "ok"]
    table = [header]
    for r in rows:
        table.append([r.get("module", ""), r.get("kernel", ""), r.get("variant", ""), size_of(r),
                      str(r.get("threads", "")), str(r.get("ranks", "")), f'{r.get("median_s", 0):.4f}',
                      f'{r.get("rate", 0):.2f}', r.get("rate_unit", ""), speedup_of(r),
                      "yes" if r.get("validated") else "NO"])
    widths = [max(len(row[c]) for row in table) for c in range(len(header))]
    for i, row in enumerate(table):
        print("  ".join(cell.ljust(widths[c]) if c < 4 else cell.rjust(widths[c]) for c, cell in enumerate(row)))
        if i == 0:
            print("-" * (sum(widths) + 2 * (len(widths) - 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
