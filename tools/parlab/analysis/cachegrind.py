"""Measure the cache: L1 and last-level data misses per rung, simulated by Valgrind's
cachegrind (no privileges, any Linux machine), and `perf stat`'s hardware counters where
the machine exposes them.

    tools/cachegrind.py [--build build/cachegrind] [--json FILE] [--perf] -- DRIVER ARGS...
    tools/cachegrind.py -- seq_matmul --n 128 --variants naive,interchange,blocked

DRIVER is a matmul driver in BUILD/bin and ARGS its options; --variants names the rungs.
Each rung runs alone under `valgrind --tool=cachegrind --cache-sim=yes` twice, with
--reps 1 and --reps 2 (--min-time 0): the difference is exactly one timed run of the rung,
without the start-up, the warm-up and the check against Eigen. Printed per rung: data
references, D1 (L1 data) misses, LLd (last-level data) misses, and each per flop
(2·m·n·k). Cachegrind simulates this machine's L1 and last level, read from the CPU; it
does not simulate the L2 nor the hardware prefetchers, so compare rungs with each other
and with your line counts, not with a wall clock.

Valgrind decodes no AVX-512: the build must not use -march=native on a CPU that has it
(make report builds build/cachegrind with PARLAB_NATIVE=OFF for this). Without valgrind
the tool says so and exits 77 (skipped); Debian: apt-get install valgrind
(tools/install-deps.sh installs it). With --perf it also runs `perf stat`, and says when
the machine gives no hardware counters (virtual machines often hide them).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .machine import table as cache_table

SKIPPED = 77
COUNTS = {"refs": r"D\s+refs:", "d1": r"D1\s+misses:", "ll": r"LLd\s+misses:"}
# The drivers print % of peak: give them a fixed peak, so no FMA loop runs under the simulator.
FAKE_PEAKS = {"PARLAB_PEAK_GFLOPS": "1", "PARLAB_PEAK_GBS": "1"}


class Unavailable(Exception):
    pass


def option(args: list[str], name: str, default: str | None = None) -> str | None:
    return args[args.index(name) + 1] if name in args and args.index(name) + 1 < len(args) else default


def without(args: list[str], *names: str) -> list[str]:
    """args less the named options and their values."""
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in names:
            skip = True
        else:
            out.append(a)
    return out


def flops(args: list[str]) -> float:
    n = int(option(args, "--n", "0") or 0)
    if n <= 0:
        raise SystemExit("cachegrind: give the driver an explicit --n (small: 32 to 256)")
    m, k = int(option(args, "--m", str(n))), int(option(args, "--k", str(n)))
    return 2.0 * m * n * k


def parse(stderr: str) -> dict[str, int]:
    out = {}
    for key, label in COUNTS.items():
        m = re.search(r"==\d+==\s+" + label + r"\s+([\d,]+)", stderr)
        if m:
            out[key] = int(m.group(1).replace(",", ""))
    if len(out) != len(COUNTS):
        if "Unrecognised instruction" in stderr:
            raise Unavailable("valgrind cannot decode this build's instructions (AVX-512?): build with "
                              "-DPARLAB_NATIVE=OFF (make report uses build/cachegrind) and pass --build")
        raise Unavailable("no cachegrind summary in valgrind's output:\n" + "\n".join(stderr.strip().splitlines()[-8:]))
    return out


def simulate(cmd: list[str]) -> dict[str, int]:
    p = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=yes", "--cachegrind-out-file=/dev/null", *cmd],
                       capture_output=True, text=True, env={**os.environ, **FAKE_PEAKS}, timeout=900)
    counts = parse(p.stderr)
    if p.returncode != 0:
        said = [l for l in (p.stdout + p.stderr).splitlines() if l.strip() and not l.startswith(("==", "--"))]
        raise Unavailable(f"{Path(cmd[0]).name} exited {p.returncode}:\n" + "\n".join(said[-6:]))
    return counts


def one_run(driver: Path, args: list[str], rung: str, run=simulate) -> dict[str, int]:
    """The counts of one timed run of `rung`: reps 2 less reps 1."""
    base = [str(driver), *without(args, "--variants", "--reps", "--min-time", "--json"), "--variants", rung, "--min-time", "0"]
    once, twice = run(base + ["--reps", "1"]), run(base + ["--reps", "2"])
    return {k: max(0, twice[k] - once[k]) for k in COUNTS}


def perf_counts(driver: Path, args: list[str], rung: str) -> str:
    """perf stat's L1d and LLC load misses for one run, or why there are none."""
    if not shutil.which("perf"):
        return "perf not installed (Debian: linux-perf)"
    events = "L1-dcache-load-misses,LLC-load-misses"
    base = [str(driver), *without(args, "--variants", "--reps", "--min-time", "--json"), "--variants", rung, "--min-time", "0"]
    got = []
    for reps in ("1", "2"):
        p = subprocess.run(["perf", "stat", "-x,", "-e", events, "--", *base, "--reps", reps], capture_output=True,
                           text=True, env={**os.environ, **FAKE_PEAKS}, timeout=600)
        rows = [l.split(",") for l in p.stderr.splitlines() if "," in l]
        vals = {r[2]: r[0] for r in rows if len(r) > 2}
        if p.returncode != 0 or not vals or any(not v.replace(".", "").isdigit() for v in vals.values()):
            return ("no hardware counters here (" + (", ".join(f"{k}: {v}" for k, v in vals.items()) or p.stderr.strip()[-120:])
                    + "): a virtual machine, or kernel.perf_event_paranoid; the cachegrind figures are simulated")
        got.append({k: float(v) for k, v in vals.items()})
    return ", ".join(f"{k} {got[1][k] - got[0][k]:.0f}" for k in got[0])


def report(driver: Path, args: list[str], with_perf: bool = False) -> tuple[list[str], list[dict]]:
    """Markdown lines and JSON rows for every rung of --variants."""
    rungs = (option(args, "--variants") or "").split(",")
    if not rungs or not rungs[0]:
        raise SystemExit("cachegrind: name the rungs with --variants (e.g. --variants naive,interchange)")
    f = flops(args)
    rows, lines = [], ["| rung | D refs | D1 misses | LLd misses | D1 misses / flop | LLd misses / flop |",
                       "|---|---|---|---|---|---|"]
    for rung in rungs:
        try:
            c = one_run(driver, args, rung)
        except Unavailable as e:
            if "cannot decode" in str(e):
                raise
            said = str(e).splitlines()
            why = next((l for l in said if "not implemented" in l or "error" in l.lower()), said[-1]).strip()
            lines.append(f"| {rung} | not measured: {why[:160]} | | | | |")
            continue
        row = {"rung": rung, "flops": f, **c, "d1_per_flop": c["d1"] / f, "ll_per_flop": c["ll"] / f}
        if with_perf:
            row["perf"] = perf_counts(driver, args, rung)
        rows.append(row)
        lines.append(f"| {rung} | {c['refs']} | {c['d1']} | {c['ll']} | {row['d1_per_flop']:.4f} | {row['ll_per_flop']:.5f} |")
    for r in rows:
        if "perf" in r:
            lines.append(f"- perf stat, {r['rung']}: {r['perf']}")
    return lines, rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build/cachegrind", help="build folder without AVX-512 code (default build/cachegrind)")
    ap.add_argument("--json", help="also write the counts to this file")
    ap.add_argument("--perf", action="store_true", help="also run perf stat (hardware counters, where they exist)")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="-- DRIVER ARGS...")
    a = ap.parse_args(argv)
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not cmd:
        ap.error("give the driver and its options after --, e.g. -- seq_matmul --n 128 --variants naive,interchange")
    if not shutil.which("valgrind"):
        print("cachegrind: skipped: valgrind is not installed (Debian: apt-get install valgrind; tools/install-deps.sh)")
        return SKIPPED
    driver = Path(a.build) / "bin" / cmd[0]
    if not driver.exists():
        raise SystemExit(f"cachegrind: {driver} is not built (make report builds build/cachegrind)")
    try:
        lines, rows = report(driver, cmd[1:], a.perf)
    except Unavailable as e:
        print(f"cachegrind: {e}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    unmeasured = len(option(cmd[1:], "--variants", "").split(",")) - len(rows)
    print("\nThis machine's caches (cachegrind simulates its L1 data cache and its last level):")
    print("\n".join(cache_table()))
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps({"command": cmd, "build": a.build, "rungs": rows}, indent=1) + "\n")
    if unmeasured:
        print(f"cachegrind: {unmeasured} rung(s) not measured: their rows say why", file=sys.stderr)
    return 1 if unmeasured else 0
