"""Scaling series from parlab records (tools/scaling.py prints them, analysis/plots draws them):
records grouped by module, kernel, variant and size with p = the record's workers (ranks x
threads), strong and weak tables, Amdahl and Gustafson fits, and the roofline's inputs."""
import math
import re
import sys

from ..records import karp_flatt, peak_of, size_of, usable, workers

# ---------------------------------------------------------------------------------------
# Series


def size_key(r):
    return size_of(r, "n=")


def series_name(key):
    module, kernel, variant, size = key
    return f"{module} {kernel} {variant}" + (f" {size}" if size else "")


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
    """{p: GFLOP/s} from records that carry pct_peak (records.peak_of). Each driver run
    measured its own peak with an FMA loop; the highest is the least disturbed one."""
    peaks = {}
    for r in records:
        peak = peak_of(r)
        if r.get("rate_unit") == "GFLOP/s" and peak and usable(r):
            peaks.setdefault(workers(r), []).append(peak)
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
    """Arithmetic intensity of one run (flop per byte): the record's flops / bytes, each
    workload's own count (docs/record-format.md: matmul's compulsory traffic, the stencil's
    16 bytes per point and step); a matmul record without them: 2mnk / (8 (mk + kn + mn))."""
    f, b = r.get("flops"), r.get("bytes")
    if isinstance(f, (int, float)) and isinstance(b, (int, float)) and f > 0 and b > 0:
        return float(f) / float(b)
    n = int(r.get("n") or 0)
    m = int(r.get("m") or n)
    k = int(r.get("k") or n)
    if not (m and n and k):
        return float("nan")
    return 2.0 * m * n * k / (8.0 * (m * k + k * n + m * n))


def roof_of(r):
    """The roof that bounds the record's kernel ('compute' or 'memory'; None: none). Older
    matmul records name none: theirs is the compute peak."""
    roof = r.get("roof")
    if roof in ("compute", "memory"):
        return roof
    return "compute" if r.get("kernel") == "matmul" and r.get("rate_unit") == "GFLOP/s" and "roof" not in r else None


def roofline_points(records):
    """What the roofline places: every usable record with a roof and a flop count, at its
    intensity, in GFLOP/s (its flops per second of the median run), whatever its rate's unit
    (the stencil's is GB/s); the triad's own records draw the memory roof instead.
    [{module, kernel, variant, workers, roof, intensity, gflops}]"""
    out = []
    for r in records:
        roof = roof_of(r)
        if not usable(r) or roof is None or r.get("kernel") == "triad":
            continue
        ai, f = intensity(r), r.get("flops")
        if isinstance(f, (int, float)) and f > 0:
            gflops = float(f) / float(r["median_s"]) / 1e9
        elif r.get("rate_unit") == "GFLOP/s":
            gflops = float(r["rate"])
        else:
            continue
        if not (ai > 0 and math.isfinite(ai) and gflops > 0):
            continue
        out.append({"module": r.get("module"), "kernel": r.get("kernel"), "variant": r.get("variant"),
                    "workers": workers(r), "roof": roof, "intensity": ai, "gflops": gflops})
    return out
