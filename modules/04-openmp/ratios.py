#!/usr/bin/env python3
"""The ratios the 04-openmp README quotes, from the JSON records of its bench
(`make bench`, the bench runs of module.json):
matmul rungs as % of OpenBLAS and % of peak (same run, same thread count), the
span of the ladder, the top of the ladder side by side (tiled, OpenBLAS, Eigen at
n = 1024, 2048, 4096 on 1 and 2 threads, each from its best interleaved round, with
the tile and blocks tiled ran and where they came from), and the renderer's
schedules against each other."""
import json
import sys


def records(path):
    try:
        with open(path) as f:
            return json.load(f).get("records", [])
    except (OSError, ValueError) as e:
        print(f"ratios: skipping {path}: {e}")
        return []


def by_key(recs):
    return {(r["variant"], r["threads"]): r for r in recs}


def matmul_table(path, title):
    recs = records(path)
    if not recs:
        return
    rates = by_key(recs)
    print(f"\n{title} ({path})")
    print(f"{'rung':<14}{'threads':>8}{'GFLOP/s':>10}{'% OpenBLAS':>12}{'% Eigen':>9}{'% peak':>8}")
    for r in recs:
        t = r["threads"]
        blas = rates.get(("openblas", t)) or rates.get(("openblas", 1))
        eig = rates.get(("eigen", t))
        pct = lambda ref: f"{100 * r['rate'] / ref['rate']:.0f}" if ref else "-"
        peak = r.get("pct_peak")
        print(f"{r['variant']:<14}{t:>8}{r['rate']:>10.2f}{pct(blas):>12}{pct(eig):>9}"
              f"{(f'{peak:.0f}' if peak is not None else '-'):>8}")
    naive = rates.get(("naive", 1))
    if naive:
        best = max(recs, key=lambda r: r["rate"] if r["variant"] not in ("eigen", "openblas") else 0)
        print(f"ladder span: {best['variant']} x{best['threads']} is {best['rate'] / naive['rate']:.0f}x naive")
    for t in sorted({r["threads"] for r in recs}):
        tiled, blas, eig = rates.get(("tiled", t)), rates.get(("openblas", t)), rates.get(("eigen", t))
        if tiled and blas and eig:
            print(f"{t} thread(s): tiled = {100 * tiled['rate'] / blas['rate']:.0f}% of OpenBLAS (goal >= 80%), "
                  f"{tiled['rate'] / eig['rate']:.2f}x Eigen (goal > 1)")


def best_rate(r):
    """The rate of the rung's best round (its fastest timed run)."""
    return r["rate"] * r["median_s"] / r["min_s"] if r.get("min_s") else r["rate"]


def side_by_side(paths):
    """One table over the top-of-the-ladder runs: tiled against OpenBLAS and Eigen."""
    rows, params, cores = [], set(), set()
    for path in paths:
        recs = records(path)
        if not recs:
            continue
        try:
            with open(path) as f:
                cores.add((json.load(f).get("context", {}).get("blas") or {}).get("core", "?"))
        except (OSError, ValueError):
            pass
        rates = by_key(recs)
        for t in sorted({r["threads"] for r in recs}):
            tiled, blas, eig = rates.get(("tiled", t)), rates.get(("openblas", t)), rates.get(("eigen", t))
            if not tiled:
                continue
            params.add(f"{tiled.get('gemm', '?')} ({tiled.get('gemm_source', '?')})")
            peak = tiled.get("pct_peak")
            rows.append((tiled.get("n"), t, best_rate(tiled), best_rate(blas) if blas else None,
                         best_rate(eig) if eig else None,
                         peak * tiled["median_s"] / tiled["min_s"] if peak is not None and tiled.get("min_s") else None))
    if not rows:
        return
    f = lambda x, d=1: f"{x:.{d}f}" if x is not None else "-"
    print("\ntop of the ladder, side by side (GFLOP/s of each rung's best interleaved round)")
    print(f"{'n':>6}{'threads':>8}{'tiled':>9}{'OpenBLAS':>10}{'tiled/BLAS':>12}{'Eigen':>9}{'tiled/Eigen':>13}{'% peak':>8}")
    for n, t, tiled, blas, eig, peak in rows:
        print(f"{n:>6}{t:>8}{f(tiled):>9}{f(blas):>10}{f(tiled / blas if blas else None, 2):>12}{f(eig):>9}"
              f"{f(tiled / eig if eig else None, 2):>13}{f(peak, 0):>8}")
    print(f"tiled ran: {'; '.join(sorted(params))}; OpenBLAS kernel: {', '.join(sorted(cores))}")
    print("(goal: tiled/BLAS >= 1.0 and >= 85% of peak at n = 4096; make tune first, on a quiet machine)")


def render_table(path):
    recs = records(path)
    if not recs:
        return
    rates = by_key(recs)
    base = rates.get(("seq", 1))
    print(f"\nrender ({path})")
    print(f"{'rung':<12}{'threads':>8}{'Mpixel/s':>10}{'x seq':>14}")
    for r in recs:
        s = r["rate"] / base["rate"] if base else float("nan")
        print(f"{r['variant']:<12}{r['threads']:>8}{r['rate']:>10.3f}{s:>14.2f}")
    for t in sorted({r["threads"] for r in recs if r["threads"] > 1}):
        st, dy = rates.get(("static", t)), rates.get(("dynamic", t))
        if st and dy:
            print(f"{t} threads: dynamic is {dy['rate'] / st['rate']:.2f}x static (load imbalance)")
        best = max((r for r in recs if r["threads"] == t), key=lambda r: r["rate"])
        if base:
            print(f"{t} threads: best schedule {best['variant']} = {best['rate'] / base['rate']:.2f}x seq "
                  f"(goal >= 1.85 on 2 cores)")


if __name__ == "__main__":
    paths = sys.argv[1:]
    for p in paths:
        if "render" in p:
            render_table(p)
        elif "ladder" in p:
            matmul_table(p, "matmul ladder")
    side_by_side([p for p in paths if "render" not in p and "ladder" not in p])
