"""tools/tour_page.py RESULTS_DIR - the tour's page: RESULTS_DIR/index.html.

A static page (no server, no network: open it as a file) over the tour's JSON records:
the animation (animation.gif, made by tools/animate.sh from the frames) and the heat
equation's (heat.gif, from module 07's heat maps), the matmul
ladder as a bar chart with the peak and the reference rungs marked, one speedup plot
per module, one sentence per module saying what its numbers show, and the table
(tools/summary.py's columns). Plots need matplotlib (Debian: python3-matplotlib);
without it the page says so and keeps the rest."""
import glob
import html
import os
import sys

from .. import manifest
from ..plotting import load_matplotlib
from ..records import context, load, peak_of, speedup_of, workers
from . import summary  # the table's columns, the lessons

# What each module's numbers are about, to start its sentence.
LESSONS = {d.name: manifest.load(d).get("lesson", d.name) for d in manifest.module_dirs() if (d / "module.json").is_file()}
REFERENCES = {"eigen", "openblas"}


def label(r):
    w = workers(r)
    return f'{r.get("variant")}' + (f" x{w}" if w > 1 else "")


def peak_per_core(r):
    """The per-core peak the driver measured, from its % of peak (None if it has none)."""
    peak = peak_of(r)
    if not peak or not r.get("rate"):
        return None
    return peak / max(1, min(int(r.get("threads") or 1), os.cpu_count() or 1))


def ladder_plot(plt, rows, path):
    mm = [r for r in rows if r.get("kernel") == "matmul" and r.get("rate_unit") == "GFLOP/s"
          and int(r.get("ranks") or 1) == 1]
    if not mm:
        return False
    fig, ax = plt.subplots(figsize=(9, max(3.0, 0.28 * len(mm) + 1.2)))
    names = [f'{r["module"][:2]} {label(r)}' for r in mm]
    colors = ["#d08c1f" if r.get("variant") in REFERENCES else "#3a6ea5" for r in mm]
    ax.barh(range(len(mm)), [r["rate"] for r in mm], color=colors)
    ax.set_yticks(range(len(mm)), names, fontsize=8)
    ax.invert_yaxis()
    peaks = [p for p in map(peak_per_core, mm) if p]
    if peaks:
        p = max(peaks)
        ax.axvline(p, color="#b22", ls="--", lw=1)
        ax.text(p, -0.6, f" peak 1 core {p:.0f}", color="#b22", fontsize=8, va="bottom")
        cores = min(2, os.cpu_count() or 1)
        if cores > 1:
            ax.axvline(cores * p, color="#b22", ls=":", lw=1)
            ax.text(cores * p, -0.6, f" {cores} cores {cores * p:.0f}", color="#b22", fontsize=8, va="bottom")
    ax.set_xlabel("GFLOP/s (orange: reference libraries; dashed: the measured FMA peak)")
    ax.set_title("The matmul ladder")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


def speedup_plot(plt, module, recs, path):
    marked = [(r, summary.lesson_of(r)) for r in recs]
    marked = [(r, l) for r, l in marked if l]
    if not marked:
        return False
    fig, ax = plt.subplots(figsize=(8, max(2.2, 0.3 * len(marked) + 1.2)))
    colors = {"gain": "#2e8b57", "missed": "#c0392b", "expected": "#999999"}
    vals = [summary.gain_of(r)[0] for r, _ in marked]
    ax.barh(range(len(marked)), vals, color=[colors[l] for _, l in marked])
    ax.set_yticks(range(len(marked)), [f'{r.get("kernel")} {label(r)}' for r, _ in marked], fontsize=8)
    ax.invert_yaxis()
    ax.axvline(1.0, color="black", lw=1)
    ax.axvline(summary.GAIN, color="#2e8b57", ls=":", lw=1)
    ax.set_xlabel(f"x baseline (green: >= {summary.GAIN}x; grey: slower on purpose; red: missed)")
    ax.set_title(module)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return True


def sentence(module, recs, status):
    """One sentence: how many parallel rungs gain, the best one, what is slower on
    purpose (and why), what missed the mark, what was skipped."""
    par = [(r, l) for r in recs if (l := summary.lesson_of(r))]
    parts = []
    gains = [r for r, l in par if l == "gain"]
    if gains:
        best = max(gains, key=lambda r: summary.gain_of(r)[0])
        s, base = summary.gain_of(best)
        parts.append(f"{len(gains)} of {len(par)} parallel rungs gain at least {summary.GAIN}x "
                     f"(best: {best.get('kernel')} {label(best)}, {s:.2f}x {base})")
    reasons = {}
    for r, l in par:
        if l == "expected":
            reasons.setdefault(r.get("reason", ""), []).append(label(r))
    for reason, names in reasons.items():
        parts.append(f"{', '.join(names)} slower on purpose: {reason}")
    missed = [f"{label(r)} {summary.gain_of(r)[0]:.2f}x" for r, l in par if l == "missed"]
    if missed:
        parts.append("below the mark: " + ", ".join(missed))
    if not par:
        ratios = [(r, speedup_of(r)) for r in recs
                  if speedup_of(r)[0] is not None and speedup_of(r)[1] != r.get("variant")]
        if ratios:
            r, (s, base) = max(ratios, key=lambda x: x[1][0])
            parts.append(f"the best rung, {r.get('kernel')} {label(r)}, runs {s:.2f}x {base}")
    skipped = [d for m, _, st, d in status if m == module and st == "skipped"]
    if skipped:
        parts.append("skipped (not implemented yet): " + ", ".join(skipped))
    return f"{LESSONS.get(module, module)}: " + ("; ".join(parts) if parts else "no ratios recorded") + "."


def table_html(rows):
    head = "".join(f"<th>{html.escape(h)}</th>" for h in summary.HEADER)
    body = "\n".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in summary.cells(r)) + "</tr>" for r in rows)
    return f"<table>\n<tr>{head}</tr>\n{body}\n</table>\n<p class=legend>{html.escape(summary.LEGEND)}</p>"


CSS = """body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}
img{max-width:100%;border:1px solid #ddd}table{border-collapse:collapse;font-size:12px}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:nth-child(-n+4){text-align:left}
.legend{font-size:12px;color:#555}.module{margin-top:1.5em}"""


def heat_figure(out):
    """The heat animation beside its last heat map: a GIF's first frame is the cold start
    (black but for the sources), which is all a printout or a screenshot of the page shows."""
    parts = ["<img src=heat.gif width=400 style='vertical-align:top' alt='the heat flowing in from the sources'>"]
    frames = sorted(glob.glob(os.path.join(out, "heat-frames", "*.png")))
    if frames:
        last = os.path.relpath(frames[-1], out)
        parts.append(f"<figure style='display:inline-block;vertical-align:top;margin:0 0 0 1em'><img src={html.escape(last)} width=400 "
                     f"alt='the field after the last step'><figcaption>after the last step "
                     f"(frame {len(frames) - 1})</figcaption></figure>")
    return "".join(parts)


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print("usage: tools/tour_page.py RESULTS_DIR (a folder of the tour's JSON records)", file=sys.stderr)
        return 2
    out = argv[1]
    rows = load(sorted(glob.glob(os.path.join(out, "*.json"))), "tour_page")
    status = summary.read_status(os.path.join(out, "tour-status.tsv"))
    if not rows and not status:
        print(f"tour_page: no JSON records in {out}", file=sys.stderr)
        return 1
    plt = load_matplotlib("tour_page")
    parts = ["<!doctype html><html><head><meta charset=utf-8><title>parlab tour</title>",
             f"<style>{CSS}</style></head><body><h1>The parlab tour</h1>"]
    ctx = context(sorted(glob.glob(os.path.join(out, "*.json"))))
    if ctx:
        parts.append(f"<p>{html.escape(ctx.get('cpu', ''))} &middot; {os.cpu_count()} cores &middot; "
                     f"{html.escape(ctx.get('date', ''))} &middot; commit {html.escape(ctx.get('commit', ''))}</p>")
    note = summary.busy_note()
    if note:
        parts.append(f"<p><b>{html.escape(note)}</b></p>")
    if os.path.isfile(os.path.join(out, "animation.gif")):
        parts.append("<h2>The animation</h2><img src=animation.gif alt='the rendered animation'>")
    if os.path.isfile(os.path.join(out, "heat.gif")):  # module 07's heat maps (tools/modules.sh)
        parts.append("<h2>The heat equation</h2>" + heat_figure(out))
    if plt is None:
        parts.append("<p>(no plots: matplotlib is not installed)</p>")
    elif ladder_plot(plt, rows, os.path.join(out, "ladder.png")):
        parts.append("<h2>The matmul ladder</h2><img src=ladder.png alt='matmul ladder'>")
    parts.append("<h2>Module by module</h2>")
    modules = sorted({r.get("module", "") for r in rows} | {m for m, *_ in status})
    for module in modules:
        recs = [r for r in rows if r.get("module") == module]
        parts.append(f"<div class=module><h3>{html.escape(module)}</h3><p>{html.escape(sentence(module, recs, status))}</p>")
        png = f"speedup-{module}.png"
        if plt is not None and speedup_plot(plt, module, recs, os.path.join(out, png)):
            parts.append(f"<img src={png} alt='{html.escape(module)} speedups'>")
        parts.append("</div>")
    parts.append("<h2>Every record</h2>" + table_html(rows) + "</body></html>\n")
    with open(os.path.join(out, "index.html"), "w") as f:
        f.write("\n".join(parts))
    print(f"tour page: {os.path.join(out, 'index.html')} (open it in a browser)")
    return 0
