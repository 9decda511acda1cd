"""The measurements a module's REPORT.md asks for, on your own build: `make report MODULE=NN`.

    tools/report.py MODULE[,MODULE...] [--build build/release] [--out report] [--quick] [--predictions predictions]

It measures only once the student's predictions are sealed (`make predict MODULE=NN`,
parlab/analysis/predict.py) and unchanged since; it copies them into OUT/NN-name/ and
prints their hash and sealing time, and the time of the measurement, in tables.md. It
also prints this machine's cache geometry (parlab/analysis/machine.py), and a report run
marked "cachegrind" in module.json runs under tools/cachegrind.py (L1 and last-level
misses per rung, from a build without -march=native: BUILD's sibling build/cachegrind,
configured and built here; skipped with a message without valgrind).

Runs each measurement of the module (the commands exactly as run, from the folder it runs
in: build/release/bin/..., printed and in tables.md; REPORT.md names them), keeps its JSON
records and its output under OUT/NN-name/, and writes OUT/NN-name/tables.md: one markdown
table per measurement (median, min, max, rate and the speedup over the run's baseline; a
ping-pong's times per message, one way; the time split of the rungs that record one; the
driver's thread level and binding lines), the machine's load before and after, with a
warning when it was busy (parlab/load.py, the tour's check), and the plots of
analysis/report_plots.py in OUT/NN-name/plots/. The grader attaches only tables.md and
REPORT.md: what a question needs is in tables.md. Hand in that folder with your REPORT.md.

Several modules (MODULE=04,05): each is measured in turn, into its own folder; every
module's predictions are checked before any measurement. An unknown module, unsealed
predictions or an OUT that cannot be written: a message and exit 2, nothing measured.
A rung that is not implemented yet, or a driver that fails, is reported in tables.md
and on stderr; the other measurements still run. The exit status is 1 if any
measurement failed, else 0. --quick (or REPORT_QUICK=1) uses tiny sizes: a smoke test
of the tooling, not numbers to analyse.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from .. import REPO as ROOT
from .. import manifest
from ..launcher import mpirun_flags
from ..load import busy, load_average
from ..plotting import load_matplotlib, reexec_with_system_python
from ..records import load, workers
from . import cachegrind, machine, predict, report_plots, report_tables


def mpi(run: dict, argv: list[str]) -> list[str]:
    """mpirun with the launcher's flags (analysis of one machine: oversubscribed, unbound) and
    the run's own binding where it names one (06 Q3 compares them)."""
    mp = run["mpi"]
    flags = list(mpirun_flags())
    if "bind" in mp:
        if "--bind-to" in flags:
            del flags[flags.index("--bind-to"):flags.index("--bind-to") + 2]
        flags += ["--bind-to", mp["bind"]]
    return ["mpirun", *flags, "-np", str(mp["np"]), *argv]


# The module's report runs, from its manifest (modules/NN-name/module.json, "runs" -> "report"):
# (name, command, quick command). Command[0] (or the word after "-np N") is a driver in
# BUILD/bin. The names are what REPORT.md refers to.
# A run with "cachegrind": true is not timed: tools/cachegrind.py counts its misses per rung.
def measurements(mod: Path) -> list[tuple[str, list[str], list[str], bool, str]]:
    try:
        runs = manifest.load(mod)["runs"].get("report", [])
    except manifest.ManifestError as e:
        raise SystemExit(f"report: {e}")
    if not runs:
        raise SystemExit(f"report: no report runs in {mod.name}/module.json")
    launch = lambda r, argv: mpi(r, argv) if "mpi" in r else list(argv)
    return [(r["name"], launch(r, r["argv"]), launch(r, r["quick"]), bool(r.get("cachegrind")),
             r.get("mpi", {}).get("bind", "")) for r in runs]


def cachegrind_build(build: Path, drivers: list[str], log: Path) -> Path | None:
    """build/cachegrind beside BUILD: the drivers without -march=native (valgrind decodes no
    AVX-512). None, with the reason in log, if it cannot be built."""
    cg = build.parent / "cachegrind"
    launch = [f"-DCMAKE_{l}_COMPILER_LAUNCHER=ccache" for l in ("CXX", "C")] if shutil.which("ccache") else []
    steps = [["cmake", "-S", str(ROOT), "-B", str(cg), "-DCMAKE_BUILD_TYPE=Release", "-DPARLAB_NATIVE=OFF",
              "-DPARLAB_WITH_MPI=OFF", "-DPARLAB_BUILD_TESTS=OFF", *launch],
             ["cmake", "--build", str(cg), "-j", str(os.cpu_count() or 2), "--target", *drivers]]
    with open(log, "w") as f:
        for cmd in steps:
            f.write("$ " + " ".join(cmd) + "\n")
            f.flush()
            if subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT).returncode != 0:
                return None
    return cg


def as_run(path: Path) -> str:
    """A path as the command runs it: relative to the working folder where it lies below it
    (build/release/bin/mpi_matmul), else absolute; tables.md shows the same string."""
    rel = os.path.relpath(path)
    return rel if not rel.startswith("..") else str(path.resolve())


def shown(cmd: list[str], env_added: dict[str, str]) -> str:
    """The command as a shell runs it, with the variables the report added to its environment."""
    return " ".join([f"{k}={shlex.quote(v)}" for k, v in env_added.items()] + [shlex.join(cmd)])


def run_cachegrind(name: str, cmd: list[str], cg: Path | None, out: Path) -> tuple[list[str], bool]:
    """The markdown of one cachegrind run, and whether it failed (a skip is no failure)."""
    env_added = {"PYTHONPATH": as_run(ROOT / "tools")}
    argv = [sys.executable, as_run(ROOT / "tools" / "cachegrind.py"), "--build", as_run(cg or Path("build/cachegrind")),
            "--perf", "--json", str(out / f"{name}.json"), "--", *cmd]
    md = ["```", shown(argv, env_added), "```", ""]
    if not shutil.which("valgrind"):
        return md + ["SKIPPED: valgrind is not installed (Debian: apt-get install valgrind; tools/install-deps.sh).", ""], False
    if cg is None:
        return md + ["NOT RUN: build/cachegrind could not be built (logs/cachegrind-build.txt).", ""], True
    p = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, **env_added})
    (out / "logs" / f"{name}.txt").write_text(p.stdout + p.stderr)
    if p.returncode not in (0, cachegrind.SKIPPED):
        return md + [f"FAILED (exit {p.returncode}):", "", "```", *(p.stdout + p.stderr).strip().splitlines()[-6:], "```", ""], True
    table = [l for l in p.stdout.splitlines() if l.startswith(("|", "- perf"))]
    return md + ["Simulated by cachegrind: one timed run of each rung, at this small size.", ""] + table + [""], False


def driver_path(cmd: list[str], bindir: Path) -> list[str]:
    """The command with its driver name replaced by BUILD/bin/driver, as the command runs it."""
    out = list(cmd)
    i = out.index("-np") + 2 if out and out[0] == "mpirun" else 0
    out[i] = as_run(bindir / out[i])
    return out


def timed_run(name: str, cmd: list[str], env: dict, env_added: dict, out: Path) -> tuple[list[str], list[dict], bool]:
    """One timed measurement: its markdown, its records, and whether it failed."""
    js = out / f"{name}.json"
    cmd = cmd + ["--json", str(js)]
    line = shown(cmd, env_added if cmd[0] == "mpirun" else {})
    print(f"report: {name}: {line}", flush=True)
    md = [f"## {name}", "", "```", line, "```", ""]
    if not Path(cmd[cmd.index("-np") + 2] if cmd[0] == "mpirun" else cmd[0]).exists():
        return md + ["NOT RUN: the driver is not built (a missing optional dependency? see the build output).", ""], [], True
    if cmd[0] == "mpirun" and not shutil.which("mpirun"):
        return md + ["NOT RUN: mpirun not found (tools/install-deps.sh installs Open MPI).", ""], [], True
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        log, rc = p.stdout + p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:
        log, rc = f"{e.stdout or ''}{e.stderr or ''}\n(timed out after 600 s)", 124
    (out / "logs" / f"{name}.txt").write_text(log)
    missing = sorted(set(re.findall(r"not implemented[^\n]*?\(([^)]+\.cpp)\)", log)))
    records = load([str(js)], "report") if js.exists() else []
    md += report_tables.run_tables(records, log)
    if missing:
        md += ["Not implemented yet: " + ", ".join(f"`{m}`" for m in missing), ""]
    if rc != 0 or not records:
        tail = "\n".join(log.strip().splitlines()[-6:])
        md += [f"FAILED (exit {rc}):", "", "```", tail, "```", ""]
        print(f"report: {name} FAILED (exit {rc}); see {out / 'logs' / (name + '.txt')}", file=sys.stderr)
        return md, records, True
    return md, records, False


def load_lines(before: float | None, own_before: int, own: int) -> list[str]:
    """tables.md's line on the machine's load, and the warning when it was busy (also on stderr).
    own_before, own: the workers this report itself ran in the minute before measuring (the
    previous module's) and while measuring, which are no other program's."""
    after = load_average()
    if before is None or after is None:
        return ["Load: unknown (no /proc/loadavg)."]
    lines = [f"Load (1-minute average): {before:.1f} before measuring, {after:.1f} after, on {os.cpu_count()} cores."]
    busy_now = busy(own_before, before) or busy(own, after)
    if busy_now:
        warn = (f"**WARNING: the machine was busy ({busy_now}).** Other programs shared the cores while this "
                "measured: times are longer and parallel ratios lower than this code reaches. "
                "Measure again on a quiet machine before you analyse these numbers.")
        print("report: " + warn.replace("**", ""), file=sys.stderr)
        lines += ["", warn]
    return lines


def report_module(mod: Path, seal: dict, a, bindir: Path, out: Path, plt, own_before: int) -> tuple[list[str], int]:
    """Measures one module into out/ (tables.md, records, logs, plots); the names of the failed
    runs and the most workers one of its runs used."""
    before = load_average()
    env, env_added = dict(os.environ), {}
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # Open MPI refuses root without these
        env_added = {k: "1" for k in ("OMPI_ALLOW_RUN_AS_ROOT", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM") if k not in env}
        env.update(env_added)
    md = [f"# {mod.name}: measured tables", "",
          "Made by `make report MODULE=" + mod.name[:2] + "`" + (" with --quick (tiny sizes: not for analysis)" if a.quick else "")
          + ". Commands are exactly as run, from the folder make report ran in; logs/ holds their output.", ""]
    load_at = len(md)
    form, _ = predict.paths(mod, Path(a.predictions))
    shutil.copy(form, out / "predictions.md")
    (out / "predictions.seal.json").write_text(json.dumps(seal, indent=1) + "\n")
    md += [f"Predictions: `predictions.md`, sealed {seal['sealed_utc']}, sha256 `{seal['sha256']}`.",
           f"Measured from {datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')} (UTC).", "",
           "## this machine's caches (/sys/devices/system/cpu/cpu0/cache/)", "", *machine.table(), ""]
    failed, runs = [], []
    plan = measurements(mod)
    cg_drivers = sorted({(q if a.quick else f)[0] for _, f, q, is_cg, _ in plan if is_cg})
    cg = None
    if cg_drivers and shutil.which("valgrind"):
        print(f"report: building {', '.join(cg_drivers)} without -march=native for cachegrind (build/cachegrind)", flush=True)
        cg = cachegrind_build(Path(a.build).resolve(), cg_drivers, out / "logs" / "cachegrind-build.txt")
    for name, full, quick, is_cg, tag in plan:
        if is_cg:
            print(f"report: {name}: cachegrind", flush=True)
            lines, bad = run_cachegrind(name, quick if a.quick else full, cg, out)
            md += [f"## {name}", ""] + lines
        else:
            lines, records, bad = timed_run(name, driver_path(quick if a.quick else full, bindir), env, env_added, out)
            md += lines
            runs.append((name, records, tag))
        if bad:
            failed.append(name)
    own = max([workers(r) for _, records, _ in runs for r in records] or [0])
    md[load_at:load_at] = load_lines(before, own_before, own) + [""]
    md += plot_section(plt, runs, out, a.quick)
    (out / "tables.md").write_text("\n".join(md) + "\n")
    print(f"report: wrote {out}/tables.md" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return failed, own


def plot_section(plt, runs, out: Path, quick: bool) -> list[str]:
    """tables.md's plots section: the images in plots/ and the scaling tables behind them."""
    if not any(records for _, records, _ in runs):
        return []
    md = ["## plots", ""]
    if plt is None:
        return md + ["No plots: matplotlib is not available in this Python (Debian: apt install python3-matplotlib).", ""]
    note = "--quick: tiny sizes, not for analysis" if quick else ""
    written, text = report_plots.write(plt, runs, str(out / "plots"), note)
    md += [f"![{Path(p).stem}](plots/{Path(p).name})" for p in written] + [""]
    if text:
        md += ["### scaling (tools/scaling.py's tables)", "", *text, ""]
    return md


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("module", nargs="+", help="module number, e.g. 01; several: 04,05")
    ap.add_argument("--build", default="build/release", help="build folder (default build/release)")
    ap.add_argument("--out", default="report", help="folder for the results (default report/)")
    ap.add_argument("--predictions", default="predictions", help="folder of the sealed predictions (make predict)")
    ap.add_argument("--quick", action="store_true", default=os.environ.get("REPORT_QUICK", "") not in ("", "0"),
                    help="tiny sizes (also REPORT_QUICK=1): checks the tooling, numbers mean nothing")
    a = ap.parse_args(argv)
    if argv is None:
        reexec_with_system_python("report")  # the plots need matplotlib
    try:
        mods = manifest.find_all(a.module)
    except manifest.ManifestError as e:
        print(f"report: {e}", file=sys.stderr)
        return 2
    bindir = Path(a.build) / "bin"
    if not bindir.is_dir():
        print(f"report: {bindir} does not exist: build first (make build)", file=sys.stderr)
        return 2
    seals = {}
    for mod in mods:  # every module's predictions before any measurement
        try:
            seals[mod] = predict.require(mod, Path(a.predictions))
        except predict.NotSealed as e:
            print(f"report: not measuring: {e}", file=sys.stderr)
            return 2
    for mod in mods:  # and every output folder
        out = Path(a.out) / mod.name
        try:
            if out.exists():
                shutil.rmtree(out)
            (out / "logs").mkdir(parents=True)
        except OSError as e:
            print(f"report: cannot write the results to {out} (--out {a.out}): {e.strerror or e}", file=sys.stderr)
            return 2
    plt = load_matplotlib("report")
    failed, own = [], 0
    for mod in mods:
        out = Path(a.out) / mod.name
        try:
            bad, own = report_module(mod, seals[mod], a, bindir, out, plt, own)
            failed += bad
        except OSError as e:
            print(f"report: {mod.name}: could not write its results: {e}", file=sys.stderr)
            return 2
    if len(mods) > 1:
        print(f"report: measured {', '.join(m.name for m in mods)}" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0
