#!/usr/bin/env python3
"""Module 07's bench in one table, from one `make bench` run (BENCH_MODULES=07): the triad's
GB/s (the roof), each stencil rung's GB/s and fraction of the roof on the same threads,
blocked over the roof, the MPI rungs on 2 ranks against omp on 2 threads, and each grid
rung's halo time (exchange + wait) beside the model alpha + bytes/bandwidth with alpha and
bandwidth from the ping-pong of the same run.

Others may share the CPU while a benchmark runs: every rate is the rung's best run (min_s of
its --reps runs); read the ratios, not the rates, and rerun on a quiet machine.
  usage: bench_table.py RESULTS_DIR [SIZE]   (SIZE: the bench files' n, default 4096)"""
import json
import os
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f).get("records", [])
    except (OSError, ValueError):
        return None


def best_rate(r):
    """GB/s of the best run (the record's rate is the median run's)."""
    return r["rate"] * r["median_s"] / r["min_s"]


def by_label(records):
    """{'omp x2': record, ...}: validated records by variant and thread count."""
    out = {}
    for r in records or []:
        if r.get("validated"):
            t = r.get("threads", 1)
            out[r["variant"] if r.get("ranks", 1) > 1 or t == 1 and r["variant"] in ("seq", "naive") else
                f"{r['variant']} x{t}"] = r
    return out


def block_sizes(n, parts):
    """Sizes of block_range(n, parts, i) for every i (parlab/partition.hpp: the first n % parts get one more)."""
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


def predicted_halo_s(r, alpha_s, bytes_per_s):
    """The halo model of given/heat_mpi.cpp's predicted_halo_s, max over the ranks of the record's grid."""
    prows, pcols = (int(x) for x in r["grid"].split("x"))
    rows, cols = block_sizes(r["ny"], prows), block_sizes(r["nx"], pcols)
    worst = 0.0
    for i in range(prows):
        for j in range(pcols):
            vertical, horizontal = (i > 0) + (i < prows - 1), (j > 0) + (j < pcols - 1)
            t = vertical * (alpha_s + 8.0 * cols[j] / bytes_per_s) + horizontal * (alpha_s + 8.0 * rows[i] / bytes_per_s)
            worst = max(worst, r["steps"] * t)
    return worst


def pingpong_model(records):
    """(alpha in s, bandwidth in B/s): the smallest message's one-way time, the largest's rate."""
    rs = sorted((r for r in records or [] if r.get("variant") == "pingpong"), key=lambda r: r["n"])
    if not rs:
        return None
    return rs[0]["latency_us"] * 1e-6, best_rate(rs[-1]) * 1e9


def fmt(x, spec=".2f"):
    return "-" if x is None else format(x, spec)


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    out, n = argv[1], argv[2] if len(argv) > 2 else "4096"
    name = lambda run: os.path.join(out, f"07-heat-{run}.json")  # noqa: E731 (the manifest's run names)
    triad = by_label(load(name("triad")))
    stencil = by_label(load(name(f"stencil-n{n}")))
    mpi = by_label(load(name(f"mpi-np2-n{n}")))
    pp = pingpong_model(load(name("pingpong-np2")))
    print("\n#### 07-heat: the stencil against the memory roof (bench_table.py)")
    load_avg, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load_avg > cores:
        print(f"(load average {load_avg:.1f} on {cores} cores: others shared the machine; the ratios are indicative)")
    for f, have in ((f"triad", triad), (f"stencil-n{n}", stencil), (f"mpi-np2-n{n}", mpi), ("pingpong-np2", pp)):
        if not have:
            print(f"  (no 07-heat-{f}.json with validated records: run the whole bench, make bench BENCH_MODULES=07)")

    roof = {t: triad[f"triad x{t}"] for t in (1, 2) if f"triad x{t}" in triad}
    for t, r in roof.items():
        print(f"  triad on {t} thread{'s' if t > 1 else ''}: {best_rate(r):.2f} GB/s (the roof)")
    print(f"\n  {'rung':<14}{'GB/s':>8}{'of roof':>9}   (16 bytes a point and step, no write-allocate)")
    for label, r in stencil.items():
        t = r.get("threads", 1)
        frac = best_rate(r) / best_rate(roof[t]) if t in roof else None
        print(f"  {label:<14}{best_rate(r):>8.2f}{fmt(frac):>9}")
    for t in (1, 2):
        b, o = stencil.get(f"blocked x{t}"), stencil.get(f"omp x{t}")
        if b and t in roof:
            print(f"  blocked x{t} over the roof: {best_rate(b) / best_rate(roof[t]):.2f}"
                  f"   over omp x{t}: {fmt(best_rate(b) / best_rate(o) if o else None)}")

    omp2 = stencil.get("omp x2")
    if mpi:
        print(f"\n  {'MPI, 2 ranks':<14}{'GB/s':>8}{'x omp x2':>10}{'halo ms':>9}{'model ms':>10}{'sweep ms':>10}"
              f"{'dist ms':>9}")
    for label, r in mpi.items():
        if label == "seq":
            continue
        halo = (r["exchange_s"] + r["wait_s"]) * 1e3 if "exchange_s" in r else None
        model = predicted_halo_s(r, *pp) * 1e3 if pp and "grid" in r and halo is not None else None
        sweep, dist = (r[k] * 1e3 if k in r else None for k in ("compute_s", "distribute_s"))
        print(f"  {label:<14}{best_rate(r):>8.2f}{fmt(best_rate(r) / best_rate(omp2) if omp2 else None):>10}"
              f"{fmt(halo, '.3f'):>9}{fmt(model, '.3f'):>10}{fmt(sweep, '.1f'):>10}{fmt(dist, '.1f'):>9}")
    if pp:
        print(f"  (model: alpha {pp[0] * 1e6:.2f} us, {pp[1] / 1e9:.2f} GB/s from the ping-pong; one message per"
              f" neighbour and step; measured: exchange + wait, per run, max over ranks; sweep: the steps' compute;"
              f" dist: the blocks made and the field gathered, outside the timed runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
