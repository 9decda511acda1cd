"""Plots for tools/scaling.py (matplotlib, optional): speedup, efficiency, rates and the roofline."""
import math
import os
import sys

from .series import amdahl_speedup, measured_bandwidth, measured_peak, roofline_points, series_name


def plot_all(plt, results, records, weak, outdir, note, cores=0, peak_per_core=0.0):
    import textwrap
    os.makedirs(outdir, exist_ok=True)
    written = []
    subtitle = ("\n" + "\n".join(textwrap.wrap(note, 80))) if note else ""
    markers = "os^vD<>pxh*"

    def oversubscribed(ax, pmax):
        # Workers beyond the machine's cores share them: those points measure sharing.
        if cores and pmax > cores:
            ax.axvspan(cores + 0.5, pmax + 0.5, color="0.85", alpha=0.6, lw=0,
                       label=f"oversubscribed: p > {cores} cores")
            ax.set_xlim(0.7, pmax + 0.3)

    def legend(ax):
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)

    def save(fig, name):
        path = os.path.join(outdir, name)
        fig.tight_layout()
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)

    if results:
        pmax = max(r["p"] for _, rows, _ in results for r in rows)
        ps = sorted({r["p"] for _, rows, _ in results for r in rows})
        key_s = "scaled_speedup" if weak else "speedup"
        # Speedup vs workers, the ideal line, the fitted law.
        fig, ax = plt.subplots(figsize=(10, 5.4))
        oversubscribed(ax, pmax)
        ax.plot([1, pmax], [1, pmax], "k--", lw=1, label="ideal (S = p)")
        for i, (key, rows, fit) in enumerate(results):
            line, = ax.plot([r["p"] for r in rows], [r[key_s] for r in rows], marker=markers[i % len(markers)],
                            label=series_name(key))
            grid = [1 + (pmax - 1) * j / 50 for j in range(51)]
            if weak and not math.isnan(fit["gustafson_serial"]):
                s = fit["gustafson_serial"]
                ax.plot(grid, [p - s * (p - 1) for p in grid], ":", color=line.get_color(), lw=1,
                        label=f"  Gustafson s={s:.2f}")
            elif not weak and not math.isnan(fit["amdahl_serial"]):
                f = fit["amdahl_serial"]
                ax.plot(grid, [amdahl_speedup(f, p) for p in grid], ":", color=line.get_color(), lw=1,
                        label=f"  Amdahl f={f:.3f}")
        ax.set_xlabel("workers p (threads x ranks)")
        ax.set_ylabel("scaled speedup rate_p / rate_1" if weak else "speedup T1 / Tp")
        ax.set_title(("Weak" if weak else "Strong") + " scaling: speedup" + subtitle)
        ax.set_xticks(ps)
        ax.grid(alpha=0.3)
        legend(ax)
        save(fig, "weak-speedup.png" if weak else "speedup.png")

        fig, ax = plt.subplots(figsize=(10, 5.4))
        oversubscribed(ax, pmax)
        ax.axhline(1.0, color="k", ls="--", lw=1, label="ideal (E = 1)")
        for i, (key, rows, _) in enumerate(results):
            ax.plot([r["p"] for r in rows], [r["efficiency"] for r in rows], marker=markers[i % len(markers)],
                    label=series_name(key))
        ax.set_xlabel("workers p (threads x ranks)")
        ax.set_ylabel("weak efficiency rate_p / (p rate_1)" if weak else "efficiency S / p")
        ax.set_ylim(0, max(1.15, max(r["efficiency"] for _, rows, _ in results for r in rows) * 1.1))
        ax.set_xticks(ps)
        ax.set_title(("Weak" if weak else "Strong") + " scaling: efficiency" + subtitle)
        ax.grid(alpha=0.3)
        legend(ax)
        save(fig, "weak-efficiency.png" if weak else "efficiency.png")

    # Roofline (strong studies): every record with a roof at its intensity (flops / bytes from
    # the record: matmul's and the stencil's side by side), under the measured triad bandwidth
    # and, where a compute-bound record measured it, the FMA peak.
    if weak:
        return written
    peaks = measured_peak(records)
    if peak_per_core > 0:  # a known peak instead of the drivers' FMA-loop measurements
        peaks = {p: peak_per_core * p for p in peaks} or {1: peak_per_core}
    bws = measured_bandwidth(records)
    pts = roofline_points(records)
    if pts and bws:
        fig, ax = plt.subplots(figsize=(10, 5.4))
        ais = [q["intensity"] for q in pts]
        lo = min(0.05, min(ais) / 4)
        hi = max(ais + [peaks[p] / bws[p] for p in bws if peaks.get(p)]) * 4  # the ridge points in view
        grid = [lo * (hi / lo) ** (j / 200) for j in range(201)]
        for p in sorted(bws):
            bw, peak = bws[p], peaks.get(p)
            roof = [min(peak, bw * x) if peak else bw * x for x in grid]
            what = (f"{peak:.0f} GFLOP/s, {bw:.1f} GB/s (ridge {peak / bw:.1f} flop/B)" if peak
                    else f"{bw:.1f} GB/s (no compute peak in these records: --peak)")
            ax.plot(grid, roof, lw=2, alpha=0.6, label=f"roof, {p} worker(s): {what}")
        # One colour per rung, one marker per worker count.
        variants = sorted({(q["module"] or "", q["variant"] or "") for q in pts})
        all_p = sorted({q["workers"] for q in pts})
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        for i, (mod, var) in enumerate(variants):
            for j, p in enumerate(all_p):
                mine = [q for q in pts if ((q["module"] or ""), (q["variant"] or "")) == (mod, var) and q["workers"] == p]
                if mine:
                    ax.scatter([q["intensity"] for q in mine], [q["gflops"] for q in mine],
                               marker=markers[j % len(markers)], s=34, color=colors[i % len(colors)],
                               label=f"{mod} {var}, p={p} ({mine[0]['roof']} roof)", zorder=3)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("arithmetic intensity (flop / byte, each record's own count: flops / bytes)")
        ax.set_ylabel("GFLOP/s")
        ax.set_title("Roofline: each rung at its intensity under the measured peak and bandwidth" + subtitle)
        ax.grid(alpha=0.3, which="both")
        legend(ax)
        save(fig, "roofline.png")
    elif pts and "roofline" in outdir:
        print("scaling: no roofline: no stream_triad records for the memory roof (stream_triad --json FILE)",
              file=sys.stderr)
    return written
