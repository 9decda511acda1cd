"""This machine's cache geometry, read from Linux's sysfs (/sys/devices/system/cpu/cpu0/cache/):
what REPORT 01 and 04 reason with (line size, sets, ways) instead of one machine's figures.

    python3 -c 'from parlab.analysis import machine; print(*machine.table(), sep="\\n")'
"""
from __future__ import annotations

from pathlib import Path

SYSFS = Path("/sys/devices/system/cpu/cpu0/cache")
FIELDS = ("level", "type", "size", "ways_of_associativity", "coherency_line_size", "number_of_sets")


def size_bytes(text: str) -> int:
    """'48K' -> 49152, '2048K' -> 2097152, '32M' -> 33554432, '512' -> 512."""
    text = text.strip().upper()
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    return int(text.rstrip("KMG")) * scale


def caches(root: Path = SYSFS) -> list[dict]:
    """One dict per cache of cpu0 (level, type, size_bytes, ways, line, sets); [] where sysfs has none."""
    out = []
    for d in sorted(root.glob("index[0-9]*")):
        try:
            v = {f: (d / f).read_text().strip() for f in FIELDS}
            c = {"level": int(v["level"]), "type": v["type"], "size_bytes": size_bytes(v["size"]),
                 "ways": int(v["ways_of_associativity"]), "line": int(v["coherency_line_size"]),
                 "sets": int(v["number_of_sets"])}
        except (OSError, ValueError):
            continue  # a field this kernel does not give: leave the cache out rather than guess
        out.append(c)
    return out


def table(root: Path = SYSFS) -> list[str]:
    """Markdown: this machine's caches, or a line saying why there is no table."""
    cs = caches(root)
    if not cs:
        return [f"(no cache geometry in {root}: not Linux, or a container that hides it; see `lscpu -C`)"]
    lines = ["| cache | size | ways | line (bytes) | sets | bytes per way (sets x line) |", "|---|---|---|---|---|---|"]
    for c in cs:
        size = c["size_bytes"]
        shown = f"{size >> 20} MiB" if size >= 1 << 20 and size % (1 << 20) == 0 else f"{size >> 10} KiB"
        lines.append(f"| L{c['level']} {c['type'].lower()} | {shown} | {c['ways']} | {c['line']} | {c['sets']} | "
                     f"{c['sets'] * c['line']} |")
    return lines
