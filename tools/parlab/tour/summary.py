"""tools/summary.py [--status TSV] FILE.json... - one table over parlab JSON result files:
every record's rate and its speedup over the baseline rung of its own run (ratios measured in
the same run), then the tour's lessons (which parallel rungs gained)."""
from ..load import busy
from ..records import load, size_of, speedup_of, workers


# The tour's promise: every parallel rung on >= 2 workers beats its baseline by this much.
GAIN = 1.15


def gain_of(r):
    """(ratio, against what) for the tour's check: a threaded rung that also ran at 1
    worker is held to its own 1-worker run (the parallel gain: "tiled x2" must beat
    "tiled x1", not only the slower sequential rung); the rest to their baseline rung."""
    if r.get("self_speedup") is not None:
        return r["self_speedup"], f'{r.get("variant")} x1'
    return speedup_of(r)


def lesson_of(r):
    """How one record's ratio reads: None (not a parallel rung), "gain", "expected" or "missed"."""
    s, base = gain_of(r)
    if s is None or base == r.get("variant"):
        return None
    if r.get("expected") == "slower":
        return "expected"
    if workers(r) < 2 and r.get("expected") != "faster":
        return None
    return "gain" if s >= GAIN else "missed"


HEADER = ["module", "kernel", "variant", "size", "threads", "ranks", "median s", "rate", "unit",
          "x baseline", "efficiency", "% peak", "ok"]
LEGEND = ("x baseline: this rung's time against the baseline rung named in brackets, same run "
          "(x seq = against the seq rung). efficiency: that speedup divided by the workers the "
          "rung used (ranks x threads). % peak: of the FMA-loop peak the driver measured "
          "for as many cores (best of several short runs; a busy machine still lowers it).")


def cells(r):
    s, base = speedup_of(r)
    eff, pct = r.get("efficiency"), r.get("pct_peak")
    return [r.get("module", ""), r.get("kernel", ""), r.get("variant", ""), size_of(r),
            str(r.get("threads", "")), str(r.get("ranks", "")), f'{r.get("median_s") or 0:.4f}',
            f'{r.get("rate") or 0:.2f}', r.get("rate_unit", ""),
            "-" if s is None else f"{s:.2f} (x {base})", "-" if eff is None else f"{eff:.2f}",
            "-" if pct is None else f"{pct:.1f}", "yes" if r.get("validated") else "NO"]


def read_status(path):
    """tools/tour_lib.sh's log: (module, driver, status, detail) per line."""
    try:
        with open(path) as f:
            return [tuple((line.rstrip("\n").split("\t") + ["", "", "", ""])[:4]) for line in f if line.strip()]
    except OSError:
        return []


def print_table(rows):
    table = [HEADER] + [cells(r) for r in rows]
    widths = [max(len(row[c]) for row in table) for c in range(len(HEADER))]
    for i, row in enumerate(table):
        print("  ".join(cell.ljust(widths[c]) if c < 4 else cell.rjust(widths[c]) for c, cell in enumerate(row)))
        if i == 0:
            print("-" * (sum(widths) + 2 * (len(widths) - 1)))
    print(LEGEND)


def busy_note():
    """A warning when the machine was busy: other work shares the cores, and the parallel
    ratios measure that contention rather than the code. None when it looks quiet."""
    load = busy()  # the tour itself keeps up to `cores` busy
    if load is None:
        return None
    return (f"The machine was busy ({load}): other programs shared the cores, "
            "so the parallel ratios above are lower than this code reaches. Run the tour again on a quiet machine.")


def print_lessons(rows, status):
    marked = [(r, lesson_of(r)) for r in rows]
    marked = [(r, l) for r, l in marked if l]
    if marked:
        print(f"\nParallel rungs on >= 2 workers, and concurrent ones (the tour expects >= {GAIN}x their baseline):")
    for r, l in marked:
        s, base = gain_of(r)
        what = f'  {r.get("module")} {r.get("kernel")} {r.get("variant")} x{workers(r)}: {s:.2f}x {base}'
        if l == "gain":
            print(what + "  gain")
        elif l == "expected":
            print(what + f'  no gain, as expected: {r.get("reason", "")}')
        else:
            print(what + f"  BELOW {GAIN}x (a busy machine? run the tour again)")
    for module, driver, st, detail in status:
        if st == "skipped":
            print(f"  {module} {driver}: skipped: not implemented ({detail})")
        elif st == "failed":
            print(f"  {module} {driver}: FAILED ({detail})")
    note = busy_note()
    if note and marked:
        print(note)


def main(argv):
    args = argv[1:]
    status = []
    if len(args) >= 2 and args[0] == "--status":
        status, args = read_status(args[1]), args[2:]
    paths = [p for p in args if not p.endswith("*.json")]
    rows = load(paths, "summary")
    if not rows:
        print("summary: no records")
    else:
        print_table(rows)
    print_lessons(rows, status)
    return 0
