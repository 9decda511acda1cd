"""The markdown tables.md holds for one timed run of make report (analysis/report.py): the
records' table, the time split of the runs that measured one (05's SUMMA), the ping-pong per
message (analysis/pingpong.py), and the lines of the driver's output a question reads (thread
level, binding). The grader attaches only tables.md and REPORT.md: what a question needs is here,
not only in logs/."""
from __future__ import annotations

from ..records import size_of, speedup_of
from . import pingpong

# A record's time split (common/: each rank's median run, the max over ranks), in this order.
SPLIT = ("compute_s", "comm_s", "wait_s", "distribute_s", "other_s")
# Lines of a driver's output that REPORT questions read (06 Q1 the thread level, Q3 the binding).
LOG_LINES = ("Thread level:", "Binding:", "Placement:", "Warning:")


def speedup_text(r: dict) -> str:
    """ "3.10 (vs naive)", or "-" without a speedup field."""
    value, base = speedup_of(r)
    return "-" if value is None else f"{value:.2f} (vs {base})"


def records_table(records: list[dict]) -> list[str]:
    head = ["variant", "size", "threads", "ranks", "median s", "min s", "max s", "rate", "unit", "speedup", "valid"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in records:
        cells = [str(r.get("variant", "")), size_of(r), str(r.get("threads", "")), str(r.get("ranks", "")),
                 f'{r.get("median_s") or 0:.4g}', f'{r.get("min_s") or 0:.4g}', f'{r.get("max_s") or 0:.4g}',
                 f'{r.get("rate") or 0:.4g}', str(r.get("rate_unit", "")), speedup_text(r),
                 "yes" if r.get("validated") else "NO"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def time_split(records: list[dict]) -> list[str]:
    """Markdown: compute / communication / ... per rung that recorded them; [] if none did."""
    split = [r for r in records if any(isinstance(r.get(k), (int, float)) for k in SPLIT)]
    if not split:
        return []
    head = ["variant", "ranks", "median ms"] + [k[:-2] + " ms" for k in SPLIT]
    lines = ["Time split (each rank's median run, the largest over the ranks; ms):", "",
             "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in split:
        cells = [str(r.get("variant", "")), str(r.get("ranks", "")), f'{(r.get("median_s") or 0) * 1e3:.4g}']
        cells += [f"{r[k] * 1e3:.4g}" if isinstance(r.get(k), (int, float)) else "-" for k in SPLIT]
        lines.append("| " + " | ".join(cells) + " |")
    staged = [str(r.get("variant", "")) for r in split if r.get("fence") == "staging_excluded"]
    if staged:  # their distribute is setup around the timed run (07's MPI rungs), not a part of it
        lines += ["", f"({', '.join(dict.fromkeys(staged))}: distribute is untimed, outside median ms: "
                      "the record's note `untimed` says what it is)"]
    return lines


def log_lines(log: str) -> list[str]:
    """The driver's lines a question reads, in a code block; [] if it printed none."""
    keep = [l for l in log.splitlines() if l.startswith(LOG_LINES)]
    return ["From its output:", "", "```", *keep, "```"] if keep else []


def run_tables(records: list[dict], log: str) -> list[str]:
    """Everything tables.md shows for one timed run's records and output."""
    pp = [r for r in records if pingpong.is_pingpong(r)]
    rest = [r for r in records if not pingpong.is_pingpong(r)]
    md = []
    if pp:
        md += pingpong.table(pp) + [""]
    if rest:
        md += records_table(rest) + [""]
    for part in (time_split(rest), log_lines(log)):
        if part:
            md += part + [""]
    return md
