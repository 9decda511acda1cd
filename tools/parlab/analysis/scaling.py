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
Amdahl fit), efficiency.png, roofline.png (every record with a roof - matmul's, the
stencil's - at its arithmetic intensity, flops / bytes from the record, in GFLOP/s, under
the measured compute peak and the triad's bandwidth), weak.png for --weak.
T uses the median time of each record; rates are the records' own.
"""
import argparse
import json
import math
import os
import sys

from ..records import load
from ..plotting import load_matplotlib, reexec_with_system_python
from .series import analyse, series_name

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
        reexec_with_system_python("scaling")

    records = load(args.paths, "scaling")
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
        from . import plots  # matplotlib only when plots are asked for
        plt = load_matplotlib("scaling")
        if plt is None:
            return 0
        for path in plots.plot_all(plt, results, records, args.weak, args.plots, args.note, args.cores, args.peak):
            print(f"plot: {path}")
    return 0
