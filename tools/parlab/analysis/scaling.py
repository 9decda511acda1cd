#!/usr/bin/env python3
"""Scaling study from parlab JSON records: tables and plots.

    tools/scaling.py [options] FILE_OR_DIR...

Reads every {"context": {...}, "records": [...]} file given (folders: every *.json below
them), puts records into series - the same module, kernel, variant and problem size
(strong scaling) or the same module, kernel and variant (weak scaling, --weak) - with
p = threads x ranks workers, and prints for each series:

  strong: speedup S = T1/Tp, efficiency E = S/p, Karp-Flatt serial fraction
          e = (1/S - 1/p)/(1 - 1/p), and an Amdahl fit S(p) = 1/(f + (1-f)/p)
          (least squares on 1/S - 1/p = f (1 - 1/p): f = sum(xy)/sum(x^2)).
          --baseline RUNG: T1 is that rung's time instead (the sequential reference).
  weak:   scaled speedup rate_p/rate_1, weak efficiency rate_p/(p rate_1), and a
          Gustafson fit S(p) = p - s (p - 1).

With --plots DIR it writes PNG files (matplotlib): speedup.png (with the ideal line and the
Amdahl fit), efficiency.png, roofline.png (the matmul records at their arithmetic
intensity under the measured compute peak and memory bandwidth), weak.png for --weak.
T uses the median time of each record; rates are the records' own.
"""
import argparse
import glob
import json
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import summary  # noqa: E402  (tools/summary.py: the one reader of result files)

# ---------------------------------------------------------------------------------------
# Reading records


def load(paths):
    """Records from files and folders (every *.json below a folder); each record gets '_file'."""
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(glob.glob(os.path.join(p, "**", "*.json"), recursive=True))
        else:
            files.append(p)
    records = []
    for f in files:
        try:
            records += [r for r in summary.load([f]) if isinstance(r, dict)]
        except (AttributeError, TypeError):  # valid JSON, but not {"records": [...]}
            print(f"scaling: skipping {f}: not a parlab results file", file=sys.stderr)
    return records


def workers(r):
    return int(r.get("threads") or 1) * int(r.get("ranks") or 1)


def size_key(r):
    return summary.size_of(r, "n=")


def series_name(key):
    module, kernel, variant, size = key
    return f"{module} {kernel} {variant}" + (f" {size}" if size else "")


def usable(r):
    try:
        return bool(r.get("validated")) and float(r["median_s"]) > 0 and float(r.get("rate") or 0) >= 0
    except (KeyError, TypeError, ValueError):
        return False


def group(records, weak=False):
    """{(module, kernel, variant, size): {p: record}}; size is '' for weak scaling.
    Several records for the same p (repeated runs): the fastest median is kept."""
    out = {}
    for r in records:
        if not usable(r) or r.get("kernel") == "triad":
            continue
        key = (r.get("module", "?"), r.get("kernel", "?"), r.get("variant", "?"), "" if weak else size_key(r))
        by_p = out.setdefault(key, {})
        p = workers(r)
        if p not in by_p or float(r["median_s"]) < float(by_p[p]["median_s"]):
            by_p[p] = r
    return out


# ---------------------------------------------------------------------------------------
# The numbers


def karp_flatt(s, p):
    """Experimentally determined serial fraction; undefined for p = 1."""
    if p <= 1 or s <= 0:
        return float("nan")
    return (1.0 / s - 1.0 / p) / (1.0 - 1.0 / p)


def amdahl_speedup(f, p):
    return 1.0 / (f + (1.0 - f) / p)


def amdahl_fit(points):
    """Serial fraction f of Amdahl's law from (p, S) pairs, least squares on
    1/S - 1/p = f (1 - 1/p) (a line through the origin), clamped to [0, 1].
    Returns (f, rms error of the fitted speedups) or (nan, nan) without a p > 1."""
    xs, ys = [], []
    for p, s in points:
        if p > 1 and s > 0:
            xs.append(1.0 - 1.0 / p)
            ys.append(1.0 / s - 1.0 / p)
    if not xs:
        return float("nan"), float("nan")
    f = sum(x * y for x, y in zip(xs, ys)) / sum(x * x for x in xs)
    f = min(1.0, max(0.0, f))
    rms = math.sqrt(sum((amdahl_speedup(f, p) - s) ** 2 for p, s in points) / len(points))
    return f, rms


def gustafson_fit(points):
    """Serial fraction s of Gustafson's law S(p) = p - s (p - 1) from (p, scaled speedup)."""
    num = sum((p - sp) * (p - 1) for p, sp in points if p > 1)
    den = sum((p - 1) ** 2 for p, _ in points if p > 1)
    if den == 0:
        return float("nan")
    return min(1.0, max(0.0, num / den))


def strong_table(by_p, t1=None):
    """Rows (p, T, S, E, KF) for one series; T1 is its own 1-worker time unless given
    (a baseline rung's time); None if there is neither."""
    if t1 is None:
        if 1 not in by_p:
            return None
        t1 = float(by_p[1]["median_s"])
    rows = []
    for p in sorted(by_p):
        tp = float(by_p[p]["median_s"])
        s = t1 / tp
        rows.append({"p": p, "time": tp, "rate": float(by_p[p].get("rate") or 0), "speedup": s,
                     "efficiency": s / p, "karp_flatt": karp_flatt(s, p)})
    return rows


def weak_table(by_p):
    """Rows (p, size, rate, scaled speedup, weak efficiency); None without a 1-worker record."""
    if 1 not in by_p:
        return None
    r1 = float(by_p[1].get("rate") or 0)
    if r1 <= 0:
        return None
    rows = []
    for p in sorted(by_p):
        rp = float(by_p[p].get("rate") or 0)
        rows.append({"p": p, "size": size_key(by_p[p]), "time": float(by_p[p]["median_s"]), "rate": rp,
                     "scaled_speedup": rp / r1, "efficiency": rp / (p * r1)})
    return rows


def analyse(records, weak=False, baseline=None):
    """[(key, rows, fit)] for every series with at least two worker counts including 1.
    strong + baseline: T1 is the fastest time of the rung named `baseline` (same module,
    kernel and size) - e.g. the sequential rung of an MPI driver, which runs on rank 0 alone."""
    out = []
    groups = group(records, weak)
    def order(item):  # sizes in numeric order: n=256 before n=1024
        k = item[0]
        return k[:3], [int(x) for x in re.findall(r"\d+", k[3])]

    for key, by_p in sorted(groups.items(), key=order):
        t1 = None
        if baseline and not weak:
            if key[2] == baseline:
                continue
            base = groups.get((key[0], key[1], baseline, key[3]))
            if base:
                t1 = min(float(r["median_s"]) for r in base.values())
        if len(by_p) < 2 and t1 is None:
            continue
        rows = weak_table(by_p) if weak else strong_table(by_p, t1)
        if rows is None:
            print(f"scaling: {series_name(key)}: no record on 1 worker, so no speedup (skipped)", file=sys.stderr)
            continue
        if weak:
            fit = {"gustafson_serial": gustafson_fit([(r["p"], r["scaled_speedup"]) for r in rows])}
        else:
            f, rms = amdahl_fit([(r["p"], r["speedup"]) for r in rows])
            fit = {"amdahl_serial": f, "amdahl_rms": rms,
                   "amdahl_max_speedup": (1.0 / f) if f > 0 else float("inf")}
        out.append((key, rows, fit))
    return out


# ---------------------------------------------------------------------------------------
# Roofline inputs: the measured peak (from the matmul records' % of peak) and bandwidth
# (stream_triad records), per worker count.


def measured_peak(records):
    """{p: GFLOP/s} from records that carry pct_peak (rate / pct_peak * 100). Each driver
    run measured its own peak with an FMA loop; the highest is the least disturbed one."""
    peaks = {}
    for r in records:
        pct = r.get("pct_peak")
        if r.get("rate_unit") == "GFLOP/s" and pct and pct > 0 and usable(r):
            peaks.setdefault(workers(r), []).append(100.0 * float(r["rate"]) / float(pct))
    return {p: max(v) for p, v in peaks.items()}


def measured_bandwidth(records):
    """{p: GB/s}: the best triad record per worker count."""
    bw = {}
    for r in records:
        if r.get("kernel") == "triad" and r.get("rate_unit") == "GB/s" and usable(r):
            p = workers(r)
            bw[p] = max(bw.get(p, 0.0), float(r["rate"]))
    return bw


def intensity(r):
    """Compulsory arithmetic intensity of C = A B (flop per byte of DRAM traffic if each
    matrix moved once): 2mnk / (8 (mk + kn + mn))."""
    n = int(r.get("n") or 0)
    m = int(r.get("m") or n)
    k = int(r.get("k") or n)
    if not (m and n and k):
        return float("nan")
    return 2.0 * m * n * k / (8.0 * (m * k + k * n + m * n))


# ---------------------------------------------------------------------------------------
# Output


def fmt(v, digits=3):
    if v is None or (isinstance(v, float) and (math.isnan(v) or math.isinf(v))):
        return "-" if v is None or math.isnan(v) else "inf"
    return f"{v:.{digits}f}"


def print_table(header, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    print("  ".join(h.rjust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(x).rjust(w) for x, w in zip(row, widths)))


def report(results, weak, note):
    if note:
        print(f"NOTE: {note}")
    if not results:
        print("scaling: no series with records on 1 worker and on more (nothing to compare)")
        return
    for key, rows, fit in results:
        print()
        print(f"== {'weak' if weak else 'strong'} scaling: {series_name(key)} ==")
        if weak:
            print_table(["p", "size", "median s", "rate", "scaled S", "efficiency"],
                        [[r["p"], r["size"], fmt(r["time"], 5), fmt(r["rate"], 2), fmt(r["scaled_speedup"], 2),
                          fmt(r["efficiency"], 2)] for r in rows])
            print(f"Gustafson fit: serial fraction s = {fmt(fit['gustafson_serial'], 3)}")
        else:
            print_table(["p", "median s", "rate", "speedup", "efficiency", "Karp-Flatt"],
                        [[r["p"], fmt(r["time"], 5), fmt(r["rate"], 2), fmt(r["speedup"], 2),
                          fmt(r["efficiency"], 2), fmt(r["karp_flatt"], 3)] for r in rows])
            print(f"Amdahl fit: serial fraction f = {fmt(fit['amdahl_serial'], 3)}"
                  f" (max speedup 1/f = {fmt(fit['amdahl_max_speedup'], 1)}, rms error {fmt(fit['amdahl_rms'], 2)})")


def as_json(results, weak):
    def clean(v):
        return None if isinstance(v, float) and (math.isnan(v) or math.isinf(v)) else v
    return {"mode": "weak" if weak else "strong",
            "series": [{"module": k[0], "kernel": k[1], "variant": k[2], "size": k[3],
                        "rows": [{a: clean(b) for a, b in r.items()} for r in rows],
                        "fit": {a: clean(b) for a, b in fit.items()}} for k, rows, fit in results]}


def reexec_with_system_python():
    """A pyenv/venv python first on PATH often lacks matplotlib while Debian's /usr/bin/python3
    has it (python3-matplotlib): run this script with that one instead, once."""
    system = "/usr/bin/python3"
    try:
        import matplotlib  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("PARLAB_SCALING_REEXEC") or os.path.realpath(sys.executable) == os.path.realpath(system):
        return
    if os.access(system, os.X_OK) and subprocess.run([system, "-c", "import matplotlib"],
                                                     capture_output=True).returncode == 0:
        print(f"scaling: {sys.executable} has no matplotlib; running with {system}", file=sys.stderr)
        os.environ["PARLAB_SCALING_REEXEC"] = "1"
        os.execv(system, [system, os.path.abspath(__file__)] + sys.argv[1:])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("paths", nargs="+", help="JSON files or folders of them")
    ap.add_argument("--weak", action="store_true", help="weak scaling: series over sizes, efficiency from rates")
    ap.add_argument("--plots", metavar="DIR", help="write PNG plots into DIR (needs matplotlib)")
    ap.add_argument("--json-out", metavar="FILE", help="write the computed tables and fits as JSON")
    ap.add_argument("--note", default="", help="a line for the tables and plot titles (e.g. 'oversubscribed')")
    ap.add_argument("--cores", type=int, default=0,
                    help="cores of the machine: plots shade p > cores as oversubscribed")
    ap.add_argument("--baseline", metavar="RUNG",
                    help="strong scaling: T1 = this rung's time (e.g. seq) instead of each rung's own p=1")
    ap.add_argument("--peak", type=float, default=0.0, metavar="GFLOPS",
                    help="roofline: peak GFLOP/s per core to use instead of the measured one (a busy machine "
                         "measures it low)")
    ap.add_argument("--module", help="only records of this module (e.g. 04-openmp)")
    ap.add_argument("--kernel", help="only records of this kernel (matmul, render)")
    args = ap.parse_args(argv)
    if args.plots and argv is None:
        reexec_with_system_python()

    records = load(args.paths)
    if args.module:
        records = [r for r in records if r.get("module") == args.module or r.get("kernel") == "triad"]
    if args.kernel:
        records = [r for r in records if r.get("kernel") in (args.kernel, "triad")]
    if not records:
        print("scaling: no records found in " + " ".join(args.paths), file=sys.stderr)
        return 1
    results = analyse(records, args.weak, args.baseline)
    report(results, args.weak, args.note)
    if args.json_out:
        if os.path.dirname(args.json_out):
            os.makedirs(os.path.dirname(args.json_out), exist_ok=True)
        with open(args.json_out, "w") as fh:
            json.dump(as_json(results, args.weak), fh, indent=2)
    if args.plots:
        import scaling_plots  # noqa: E402  (tools/scaling_plots.py)
        plt = scaling_plots.load_matplotlib()
        if plt is None:
            return 0
        for path in scaling_plots.plot_all(plt, results, records, args.weak, args.plots, args.note, args.cores, args.peak):
            print(f"plot: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
