"""The ping-pong records of mpi_pingpong (module 05) per message: a record's median_s is one
timed batch of `round_trips` round trips, so one message one way takes
median_s / (2 round_trips) (the driver's own latency_us). make report's table, the fit
t(bytes) = latency + bytes / bandwidth and the plot of REPORT 05 Q1 come from here."""
from __future__ import annotations

import math


def is_pingpong(r: dict) -> bool:
    return isinstance(r.get("round_trips"), (int, float)) and r["round_trips"] > 0


def one_way_s(r: dict, key: str = "median_s") -> float:
    """Seconds for one message one way, from the batch time `key` (median_s, min_s, max_s)."""
    return float(r.get(key) or 0) / (2.0 * float(r["round_trips"]))


def fit(records: list[dict]) -> tuple[float, float] | None:
    """(latency s, bandwidth B/s) of t = latency + bytes / bandwidth, least squares on the
    relative error (each size weighs the same: 8 B and 4 MiB alike); None without two
    sizes or where the fit is not physical (a negative latency or bandwidth)."""
    pts = [(float(r["n"]), one_way_s(r)) for r in records if is_pingpong(r) and r.get("validated")]
    pts = [(x, t) for x, t in pts if t > 0]
    if len({x for x, _ in pts}) < 2:
        return None
    # rows (1/t, x/t) . (a, b) = 1: the normal equations of a 2-parameter linear fit
    s11 = sum(1 / t ** 2 for _, t in pts)
    s12 = sum(x / t ** 2 for x, t in pts)
    s22 = sum((x / t) ** 2 for x, t in pts)
    y1 = sum(1 / t for _, t in pts)
    y2 = sum(x / t for x, t in pts)
    det = s11 * s22 - s12 * s12
    if det == 0:
        return None
    a = (y1 * s22 - y2 * s12) / det
    b = (s11 * y2 - s12 * y1) / det
    if a <= 0 or b <= 0 or not (math.isfinite(a) and math.isfinite(b)):
        return None
    return a, 1.0 / b


def table(records: list[dict]) -> list[str]:
    """Markdown: one row per message size, times per message (not per batch)."""
    head = ["bytes", "one-way µs (median)", "min µs", "max µs", "round trips per batch", "batch median s",
            "bandwidth GB/s", "valid"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in records:
        lines.append("| " + " | ".join([
            str(r.get("n", "")), f"{one_way_s(r) * 1e6:.3g}", f"{one_way_s(r, 'min_s') * 1e6:.3g}",
            f"{one_way_s(r, 'max_s') * 1e6:.3g}", str(r["round_trips"]), f'{r.get("median_s") or 0:.4g}',
            f'{r.get("rate") or 0:.4g}', "yes" if r.get("validated") else "NO"]) + " |")
    lines += ["", "One message one way = batch median / (2 × round trips): each timed batch is "
              "`round trips per batch` round trips (--batch-time); the driver's `latency_us`."]
    f = fit(records)
    if f:
        lat, bw = f
        lines += ["", f"Fit t(bytes) = latency + bytes / bandwidth (least squares on the relative error): "
                      f"latency {lat * 1e6:.3g} µs, bandwidth {bw / 1e9:.3g} GB/s; both halves cost the same "
                      f"at {lat * bw:.0f} bytes."]
    return lines


def plot(plt, records: list[dict], path: str) -> bool:
    """One-way time per message against its size (log-log) with the fit; False if nothing to draw."""
    pts = sorted((float(r["n"]), one_way_s(r)) for r in records if is_pingpong(r) and one_way_s(r) > 0)
    if not pts:
        return False
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.plot([x for x, _ in pts], [t * 1e6 for _, t in pts], "o-", label="measured (median batch / 2 round trips)")
    f = fit(records)
    if f:
        lat, bw = f
        xs = [pts[0][0] * (pts[-1][0] / pts[0][0]) ** (j / 100) for j in range(101)]
        ax.plot(xs, [(lat + x / bw) * 1e6 for x in xs], ":",
                label=f"fit: {lat * 1e6:.3g} µs + bytes / {bw / 1e9:.3g} GB/s")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("message size (bytes)")
    ax.set_ylabel("one-way time per message (µs)")
    ax.set_title("Ping-pong between two ranks: one message, one way")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True
