"""Is this machine busy? The 1-minute load average against the cores: the tour's warning
(tour/summary.py) and make report's (analysis/report.py) both read it here, so a ratio
measured while other programs shared the cores is never shown without saying so."""
from __future__ import annotations

import os


def load_average(path: str = "/proc/loadavg") -> float | None:
    """The 1-minute load average, or None where the system gives none (not Linux)."""
    try:
        with open(path) as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def busy(own: int = 0, avg: float | None = None) -> str | None:
    """'load 9.3 on 2 cores' when the load (`avg`, default: now) exceeds what the caller itself
    keeps busy (`own` workers, at least the cores) plus one; None when the machine looks quiet."""
    avg = load_average() if avg is None else avg
    if avg is None:
        return None
    cores = os.cpu_count() or 1
    if avg <= max(cores, own) + 1:
        return None
    return f"load {avg:.1f} on {cores} cores"
