#!/usr/bin/env python3
"""Distributed matmul against shared memory on the same cores, from one `make bench` run:
05's rungs on 2 ranks x 1 thread (row-block, SUMMA, overlap, PDGEMM) and 06's layouts
(1 rank x 2 threads, 2 ranks x 1 thread) against 04's tiled rung on 2 threads, with the
targets of the distributed rungs and, where one is missed, the time split that limits it.

Others may share the CPU while a benchmark runs: every rate here is from the rung's best
run (min_s of its --reps runs), the median's in brackets.
  usage: ratios.py RESULTS_DIR [N ...]"""
import json
import os
import sys

TARGETS = [  # (what, rung, against, ratio)
    ("best of SUMMA/overlap >= 0.85x 04 tiled", "summa|overlap", "04 tiled", 0.85),
    ("best of SUMMA/overlap >= 0.9x PDGEMM", "summa|overlap", "05 pdgemm", 0.9),
    ("hybrid 1x2 >= 0.9x 04 tiled", "06 hybrid 1x2", "04 tiled", 0.9),
]


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def best_rate(r):
    return r["rate"] * r["median_s"] / r["min_s"]


def rows_for(out, n):
    """{label: record} for size n; missing files are reported, not fatal."""
    wanted = [
        (f"05-mpi-ref-omp-n{n}.json", {"tiled": "04 tiled", "openblas": "04 openblas"}),
        (f"05-mpi-matmul-np2-n{n}.json", {"rowblock": "05 rowblock", "summa": "05 summa",
                                          "overlap": "05 overlap", "pdgemm": "05 pdgemm"}),
        (f"06-hybrid-matmul-1x2-n{n}.json", {"hybrid": "06 hybrid 1x2"}),
        (f"06-hybrid-matmul-2x1-n{n}.json", {"mpi": "06 mpi 2x1"}),
    ]
    rows, missing, blas = {}, [], None
    for name, labels in wanted:
        doc = load(os.path.join(out, name))
        if doc is None:
            missing.append(name)
            continue
        blas = blas or doc.get("context", {}).get("blas")
        for r in doc.get("records", []):
            if r["variant"] in labels and r.get("validated") and r.get("threads", 1) * r.get("ranks", 1) == 2:
                rows[labels[r["variant"]]] = r
    return rows, missing, blas


def ratio(rows, a, b):
    if a == "summa|overlap":
        cands = [rows[x] for x in ("05 summa", "05 overlap") if x in rows]
        ra = max((best_rate(r) for r in cands), default=None)
    else:
        ra = best_rate(rows[a]) if a in rows else None
    rb = best_rate(rows[b]) if b in rows else None
    return None if ra is None or rb is None else ra / rb


def split(r):
    keys = ("compute", "comm", "wait", "distribute", "other")
    if "compute_s" not in r:
        return ""
    return "  ".join(f"{k} {1e3 * r[k + '_s']:.1f}" for k in keys) + " ms"


def table(out, n):
    rows, missing, blas = rows_for(out, n)
    print(f"\nn = {n}: 2 cores as 2 ranks x 1 thread, 1 rank x 2 threads, or 2 threads"
          f" (GFLOP/s of the best of each rung's runs, median in brackets)")
    if blas:
        print(f"BLAS: {blas.get('library')} (kernel {blas.get('core')})")
    for m in missing:
        print(f"  (no {m}: run the whole bench, make bench, for every row)")
    if not rows:
        return
    ref = rows.get("04 tiled")
    print(f"  {'rung':<16}{'GFLOP/s':>9}{'(median)':>11}{'x 04 tiled':>12}{'x pdgemm':>10}")
    for label, r in rows.items():
        xt = best_rate(r) / best_rate(ref) if ref else None
        xp = best_rate(r) / best_rate(rows["05 pdgemm"]) if "05 pdgemm" in rows else None
        print(f"  {label:<16}{best_rate(r):>9.1f}{'(%.1f)' % r['rate']:>11}"
              f"{'-' if xt is None else '%.2f' % xt:>12}{'-' if xp is None else '%.2f' % xp:>10}")
    for label in ("05 summa", "05 overlap"):
        if label in rows and split(rows[label]):
            print(f"  time split {label[3:]:<8} (median run, max over ranks): {split(rows[label])}")
    for what, a, b, want in TARGETS:
        x = ratio(rows, a, b)
        verdict = "-" if x is None else ("met" if x >= want else "NOT met")
        print(f"  target {what}: {'-' if x is None else '%.2f' % x} {verdict}")


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    out, sizes = argv[1], argv[2:] or ["2048", "4096"]
    print("\n#### distributed vs shared memory (06-hybrid/ratios.py)")
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load > cores:  # the runs just before shared the cores: the ratios say little then
        print(f"(load average now {load:.1f} on {cores} cores: others shared the machine during the runs,"
              f" so take these ratios as indicative and rerun when it is quiet)")
    for n in sizes:
        table(out, n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
