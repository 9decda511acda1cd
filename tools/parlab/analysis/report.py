"""The measurements a module's REPORT.md asks for, on your own build: `make report MODULE=NN`.

    tools/report.py MODULE [--build build/release] [--out report] [--quick] [--predictions predictions]

It measures only once the student's predictions are sealed (`make predict MODULE=NN`,
parlab/analysis/predict.py) and unchanged since; it copies them into OUT/NN-name/ and
prints their hash and sealing time, and the time of the measurement, in tables.md. It
also prints this machine's cache geometry (parlab/analysis/machine.py), and a report run
marked "cachegrind" in module.json runs under tools/cachegrind.py (L1 and last-level
misses per rung, from a build without -march=native: BUILD's sibling build/cachegrind,
configured and built here; skipped with a message without valgrind).

Runs each measurement of the module (the exact commands are printed, and REPORT.md
names them), keeps its JSON records and its output under OUT/NN-name/, and writes
OUT/NN-name/tables.md (one markdown table per measurement: median, min, max, rate and
the speedup over the run's baseline) plus, where a measurement sweeps threads or ranks,
the plots of tools/scaling.py (speedup.png, efficiency.png) in OUT/NN-name/plots/.
Hand in that folder with your REPORT.md.

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
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from .. import REPO as ROOT
from .. import manifest
from ..launcher import mpirun_flags
from ..records import load, size_of, speedup_of
from . import cachegrind, machine, predict


def mpi(np_: int, *args: str) -> list[str]:
    return ["mpirun", *mpirun_flags(), "-np", str(np_), *args]


# The module's report runs, from its manifest (modules/NN-name/module.json, "runs" -> "report"):
# (name, command, quick command). Command[0] (or the word after "-np N") is a driver in
# BUILD/bin. The names are what REPORT.md refers to.
# A run with "cachegrind": true is not timed: tools/cachegrind.py counts its misses per rung.
def measurements(mod: Path) -> list[tuple[str, list[str], list[str], bool]]:
    try:
        runs = manifest.load(mod)["runs"].get("report", [])
    except manifest.ManifestError as e:
        raise SystemExit(f"report: {e}")
    if not runs:
        raise SystemExit(f"report: no report runs in {mod.name}/module.json")
    launch = lambda r, argv: mpi(r["mpi"]["np"], *argv) if "mpi" in r else list(argv)
    return [(r["name"], launch(r, r["argv"]), launch(r, r["quick"]), bool(r.get("cachegrind"))) for r in runs]


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


def run_cachegrind(name: str, cmd: list[str], cg: Path | None, out: Path) -> tuple[list[str], bool]:
    """The markdown of one cachegrind run, and whether it failed (a skip is no failure)."""
    shown = "tools/cachegrind.py -- " + " ".join(cmd)
    md = ["```", shown, "```", ""]
    if not shutil.which("valgrind"):
        return md + ["SKIPPED: valgrind is not installed (Debian: apt-get install valgrind; tools/install-deps.sh).", ""], False
    if cg is None:
        return md + ["NOT RUN: build/cachegrind could not be built (logs/cachegrind-build.txt).", ""], True
    p = subprocess.run([sys.executable, str(ROOT / "tools" / "cachegrind.py"), "--build", str(cg), "--perf",
                        "--json", str(out / f"{name}.json"), "--", *cmd], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT / "tools")})
    (out / "logs" / f"{name}.txt").write_text(p.stdout + p.stderr)
    if p.returncode not in (0, cachegrind.SKIPPED):
        return md + [f"FAILED (exit {p.returncode}):", "", "```", *(p.stdout + p.stderr).strip().splitlines()[-6:], "```", ""], True
    table = [l for l in p.stdout.splitlines() if l.startswith(("|", "- perf"))]
    return md + ["Simulated by cachegrind: one timed run of each rung, at this small size.", ""] + table + [""], False


def module_dir(arg: str) -> Path:
    m = re.match(r"^(\d\d)", arg)
    if not m:
        raise SystemExit(f"report: MODULE '{arg}' is not a module number (e.g. MODULE=01)")
    found = sorted((ROOT / "modules").glob(m.group(1) + "-*"))
    if not found:
        have = ", ".join(p.name for p in sorted((ROOT / "modules").glob("[0-9][0-9]-*")))
        raise SystemExit(f"report: no module {m.group(1)} in this tree (have {have})")
    return found[0]


def driver_path(cmd: list[str], bindir: Path) -> list[str]:
    """The command with its driver name replaced by BUILD/bin/driver."""
    out = list(cmd)
    i = out.index("-np") + 2 if out and out[0] == "mpirun" else 0
    out[i] = str(bindir / out[i])
    return out


def speedup_text(r: dict) -> str:
    """ "3.10 (vs naive)", or "-" without a speedup field."""
    value, base = speedup_of(r)
    return "-" if value is None else f"{value:.2f} (vs {base})"


def table(records: list[dict]) -> list[str]:
    head = ["variant", "size", "threads", "ranks", "median s", "min s", "max s", "rate", "unit", "speedup", "valid"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in records:
        cells = [str(r.get("variant", "")), size_of(r), str(r.get("threads", "")), str(r.get("ranks", "")),
                 f'{r.get("median_s") or 0:.4g}', f'{r.get("min_s") or 0:.4g}', f'{r.get("max_s") or 0:.4g}',
                 f'{r.get("rate") or 0:.4g}', str(r.get("rate_unit", "")), speedup_text(r),
                 "yes" if r.get("validated") else "NO"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def sweeps(records: list[dict]) -> bool:
    """True if one variant was run at more than one worker count (a scaling series)."""
    seen: dict[str, set] = {}
    for r in records:
        seen.setdefault(r.get("variant", ""), set()).add((r.get("threads"), r.get("ranks")))
    return any(len(v) > 1 for v in seen.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("module", help="module number, e.g. 01")
    ap.add_argument("--build", default="build/release", help="build folder (default build/release)")
    ap.add_argument("--out", default="report", help="folder for the results (default report/)")
    ap.add_argument("--predictions", default="predictions", help="folder of the sealed predictions (make predict)")
    ap.add_argument("--quick", action="store_true", default=os.environ.get("REPORT_QUICK", "") not in ("", "0"),
                    help="tiny sizes (also REPORT_QUICK=1): checks the tooling, numbers mean nothing")
    a = ap.parse_args(argv)
    mod = module_dir(a.module)
    bindir = (Path(a.build) / "bin").resolve()
    if not bindir.is_dir():
        raise SystemExit(f"report: {bindir} does not exist: build first (make build)")
    try:
        seal = predict.require(mod, Path(a.predictions))
    except predict.NotSealed as e:
        print(f"report: not measuring: {e}", file=sys.stderr)
        return 2
    out = Path(a.out) / mod.name
    if out.exists():
        shutil.rmtree(out)
    (out / "logs").mkdir(parents=True)
    env = dict(os.environ)
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # Open MPI refuses root without these
        env.update(OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    md = [f"# {mod.name}: measured tables", "",
          "Made by `make report MODULE=" + mod.name[:2] + "`" + (" with --quick (tiny sizes: not for analysis)" if a.quick else "")
          + ". Commands are exactly as run; logs/ holds their output.", ""]
    form, _ = predict.paths(mod, Path(a.predictions))
    shutil.copy(form, out / "predictions.md")
    (out / "predictions.seal.json").write_text(json.dumps(seal, indent=1) + "\n")
    md += [f"Predictions: `predictions.md`, sealed {seal['sealed_utc']}, sha256 `{seal['sha256']}`.",
           f"Measured from {datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')} (UTC).", "",
           "## this machine's caches (/sys/devices/system/cpu/cpu0/cache/)", "", *machine.table(), ""]
    failed, sweep_files = [], []
    runs = measurements(mod)
    cg_drivers = sorted({(q if a.quick else f)[0] for _, f, q, is_cg in runs if is_cg})
    cg = None
    if cg_drivers and shutil.which("valgrind"):
        print(f"report: building {', '.join(cg_drivers)} without -march=native for cachegrind (build/cachegrind)", flush=True)
        cg = cachegrind_build(Path(a.build).resolve(), cg_drivers, out / "logs" / "cachegrind-build.txt")
    for name, full, quick, is_cg in runs:
        if is_cg:
            print(f"report: {name}: cachegrind", flush=True)
            md += [f"## {name}", ""]
            lines, bad = run_cachegrind(name, quick if a.quick else full, cg, out)
            md += lines
            if bad:
                failed.append(name)
            continue
        cmd = driver_path(quick if a.quick else full, bindir)
        js = out / f"{name}.json"
        cmd += ["--json", str(js)]
        shown = " ".join(cmd).replace(str(bindir) + "/", "build/bin/")
        print(f"report: {name}: {shown}", flush=True)
        md += [f"## {name}", "", "```", shown, "```", ""]
        if not Path(cmd[cmd.index("-np") + 2] if cmd[0] == "mpirun" else cmd[0]).exists():
            failed.append(name)
            md += ["NOT RUN: the driver is not built (a missing optional dependency? see the build output).", ""]
            continue
        if cmd[0] == "mpirun" and not shutil.which("mpirun"):
            failed.append(name)
            md += ["NOT RUN: mpirun not found (tools/install-deps.sh installs Open MPI).", ""]
            continue
        try:
            p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
            log, rc = p.stdout + p.stderr, p.returncode
        except subprocess.TimeoutExpired as e:
            log, rc = f"{e.stdout or ''}{e.stderr or ''}\n(timed out after 600 s)", 124
        (out / "logs" / f"{name}.txt").write_text(log)
        missing = sorted(set(re.findall(r"not implemented[^\n]*?\(([^)]+\.cpp)\)", log)))
        records = load([str(js)], "report") if js.exists() else []
        if records:
            md += table(records) + [""]
            if sweeps(records):
                sweep_files.append(str(js))
        if missing:
            md += ["Not implemented yet: " + ", ".join(f"`{m}`" for m in missing), ""]
        if rc != 0 or not records:
            failed.append(name)
            tail = "\n".join(log.strip().splitlines()[-6:])
            md += [f"FAILED (exit {rc}):", "", "```", tail, "```", ""]
            print(f"report: {name} FAILED (exit {rc}); see {out / 'logs' / (name + '.txt')}", file=sys.stderr)
    if sweep_files:
        plots = out / "plots"
        cmd = [sys.executable, str(ROOT / "tools" / "scaling.py"), "--plots", str(plots), *sweep_files]
        p = subprocess.run(cmd, capture_output=True, text=True)
        (out / "logs" / "scaling.txt").write_text(p.stdout + p.stderr)
        md += ["## scaling (tools/scaling.py)", "", "```", " ".join(cmd[1:]).replace(str(ROOT) + "/", ""), "```", "",
               "```", p.stdout.strip(), "```", ""]
        pngs = sorted(plots.glob("*.png")) if plots.exists() else []
        md += [f"![{png.stem}](plots/{png.name})" for png in pngs] + [""]
        if not pngs:
            md += ["No plots: " + (p.stderr.strip().splitlines() or ["tools/scaling.py wrote none"])[-1], ""]
            print("report: no plots (" + ((p.stderr.strip().splitlines() or ["?"])[-1]) + ")", file=sys.stderr)
    (out / "tables.md").write_text("\n".join(md) + "\n")
    print(f"report: wrote {out}/tables.md" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0
