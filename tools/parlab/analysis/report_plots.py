"""make report's plots (analysis/report.py), in OUT/NN-name/plots/:

  speedups.png  every rung's speedup over its run's baseline rung, run by run (the layouts
                of 06, the rungs of 05's runs side by side);
  speedup.png, efficiency.png (and roofline.png with a triad run)  the scaling plots of
                tools/scaling.py for each rung run at several worker counts, across the
                module's runs (05's matmul on 1, 2 and 4 ranks). A rung that ran at one
                worker count in two layouts (1 rank x 2 threads and 2 x 1) or bindings is
                no series: its runs are compared in speedups.png instead;
  pingpong.png  one message's one-way time against its size, with the fit (05 Q1).
"""
from __future__ import annotations

import contextlib
import io
import os

from ..records import speedup_of, usable, workers
from . import pingpong, plots
from .scaling import report as scaling_text
from .series import analyse, size_key

# A run: (name, records, tag); the tag tells apart runs of one layout made differently (a binding).
Run = tuple[str, list[dict], str]


def speedups(plt, runs: list[Run], path: str) -> bool:
    """Horizontal bars: each rung's speedup over its run's baseline; False if none has one."""
    bars = []
    for name, records, _ in runs:
        for r in records:
            s, base = speedup_of(r)
            if s is not None and base != r.get("variant") and usable(r):
                bars.append((f'{name}: {r.get("variant")} ({r.get("ranks", 1)}x{r.get("threads", 1)})', s, base))
    if not bars:
        return False
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.32 * len(bars)))
    ys = list(range(len(bars)))[::-1]
    ax.barh(ys, [s for _, s, _ in bars], color="tab:blue")
    ax.set_yticks(ys)
    ax.set_yticklabels([f"{label} vs {base}" for label, _, base in bars], fontsize=8)
    ax.axvline(1.0, color="k", ls="--", lw=1)
    ax.set_xlabel("speedup over the run's baseline rung (same run), ranks x threads in brackets")
    ax.set_title("Each rung against its baseline, run by run")
    ax.grid(alpha=0.3, axis="x")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


def sweep_records(runs: list[Run]) -> tuple[list[dict], str | None]:
    """The records of the rungs that ran at several worker counts in one layout each (plus the
    triad's, for the roofline, and the baseline rung's), and the baseline rung (None: each
    series has its own 1-worker run)."""
    layouts: dict[tuple, dict[int, set]] = {}
    for _, records, tag in runs:
        for r in records:
            if usable(r) and r.get("kernel") != "triad":
                key = (r.get("module"), r.get("kernel"), r.get("variant"), size_key(r))
                layouts.setdefault(key, {}).setdefault(workers(r), set()).add((r.get("ranks"), r.get("threads"), tag))
    series = {k for k, by_p in layouts.items() if len(by_p) > 1 and all(len(v) == 1 for v in by_p.values())}
    keep = [r for _, records, _ in runs for r in records
            if r.get("kernel") == "triad" or (r.get("module"), r.get("kernel"), r.get("variant"), size_key(r)) in series]
    no_p1 = [k for k in series if 1 not in layouts[k]]
    bases = {speedup_of(r)[1] for r in keep if (r.get("module"), r.get("kernel"), r.get("variant"), size_key(r)) in no_p1}
    baseline = next(iter(bases)) if len(bases) == 1 and None not in bases else None
    if baseline:
        keep += [r for _, records, _ in runs for r in records if r.get("variant") == baseline and r not in keep]
    return (keep if series else []), baseline


def write(plt, runs: list[Run], outdir: str, note: str) -> tuple[list[str], list[str]]:
    """The plots (paths) and tools/scaling.py's text for the sweeps (lines, [] if none)."""
    os.makedirs(outdir, exist_ok=True)
    written = []
    path = os.path.join(outdir, "speedups.png")
    if speedups(plt, runs, path):
        written.append(path)
    pp = [r for _, records, _ in runs for r in records if pingpong.is_pingpong(r)]
    path = os.path.join(outdir, "pingpong.png")
    if pp and pingpong.plot(plt, pp, path):
        written.append(path)
    records, baseline = sweep_records(runs)
    text = []
    if records:
        results = analyse(records, False, baseline)
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            scaling_text(results, False, note)
        text = ([f"Speedup over the `{baseline}` rung's time (T1)." if baseline else
                 "Speedup over each rung's own 1-worker run (T1)."] + ["", "```", buf.getvalue().strip(), "```"])
        written += plots.plot_all(plt, results, records, False, outdir, note, os.cpu_count() or 0)
    return written, text
