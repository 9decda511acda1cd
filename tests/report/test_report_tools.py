#!/usr/bin/env python3
"""tests/report/test_report_tools.py - make report's parts, fast, on made-up records and fake
drivers (no build, no MPI, no timing):

  - ping-pong: one message one way = batch median / (2 round trips), in its own column, and
    the fit recovers a known latency and bandwidth;
  - the time split (compute / comm per rung) and the drivers' thread-level and binding lines
    are in tables.md's markdown;
  - the load check is the tour's (parlab/load.py): busy above cores + 1 (or the caller's own
    workers + 1), quiet below;
  - the sweeps across runs: 05's matmul on 1, 2, 4 ranks is a series (against seq where a
    rung has no 1-rank run); 06's hybrid rung at p = 2 in two layouts is none;
  - tools/report.py on fake drivers of module 03: the commands in tables.md and on stdout
    are exactly the argv the drivers received (build/release/bin/..., not build/bin/...), with a load
    line and the plots section; MODULE=02,03 measures both; '04,05' is not one module;
  - --out /proc/x: a message naming it, exit 2, no traceback, nothing measured.
Exit 0 pass, 1 fail."""
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
from parlab import load, manifest  # noqa: E402
from parlab.analysis import pingpong, report_plots, report_tables  # noqa: E402

failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def rec(variant, ranks, threads, median, **kw):
    r = {"module": kw.pop("module", "05-mpi"), "kernel": kw.pop("kernel", "matmul"), "variant": variant, "n": kw.pop("n", 48),
         "ranks": ranks, "threads": threads, "workers": ranks * threads, "median_s": median, "min_s": median,
         "max_s": median, "rate": 1.0 / median, "rate_unit": "GFLOP/s", "validated": True}
    r.update(kw)
    return r


def test_pingpong():
    lat, bw = 2e-6, 5e9  # 2 us, 5 GB/s
    recs = []
    for b in (8, 64, 512, 4096, 32768, 262144, 4 << 20):
        t = lat + b / bw
        rt = 1000
        recs.append(rec("pingpong", 2, 1, 2 * rt * t, kernel="pingpong", n=b, round_trips=rt, rate=b / t / 1e9,
                        rate_unit="GB/s", latency_us=t * 1e6))
    md = "\n".join(pingpong.table(recs))
    check("one-way µs (median)" in md and "round trips per batch" in md, "ping-pong table has a one-way column per message")
    row8 = next(l for l in md.splitlines() if l.startswith("| 8 |"))
    check(row8.split(" | ")[1] == f"{(lat + 8 / bw) * 1e6:.3g}", f"8 B one way is median / (2 round trips): {row8}")
    f = pingpong.fit(recs)
    check(f is not None and abs(f[0] - lat) / lat < 1e-6 and abs(f[1] - bw) / bw < 1e-6, f"the fit recovers 2 us, 5 GB/s: {f}")
    check("latency 2 µs, bandwidth 5 GB/s" in md, "the table states the fit")
    tables = "\n".join(report_tables.run_tables(recs, ""))
    check("| variant | size |" not in tables, "ping-pong records are not shown as batches in the generic table")


def test_split_and_lines():
    recs = [rec("seq", 1, 1, 1e-3), rec("summa", 4, 1, 2e-3, compute_s=5e-4, comm_s=1e-3, wait_s=0.0,
                                         distribute_s=3e-4, other_s=2e-4)]
    log = ("== banner ==\nThread level: asked MPI_THREAD_FUNNELED, got MPI_THREAD_FUNNELED\n"
           "Binding: rank 0 on vm cpus 0 (1 allowed), 2 OpenMP thread(s)\nRate [seq]: 1 GFLOP/s\n")
    md = "\n".join(report_tables.run_tables(recs, log))
    check("| summa | 4 | 2 | 0.5 | 1 | 0 | 0.3 | 0.2 |" in md, "the time split row of summa (ms) is in tables.md")
    check("| seq | 1 |" not in md.split("Time split")[1], "a rung without a split gets no split row")
    check("Thread level: asked MPI_THREAD_FUNNELED" in md and "Binding: rank 0 on vm cpus 0" in md,
          "the thread level and binding lines are in tables.md")
    check("Rate [seq]" not in md, "other output lines stay in logs/")
    check("untimed" not in md, "a split inside the timed run (05's SUMMA) gets no untimed line")
    staged = [rec("cart", 2, 1, 1e-3, module="07-heat", kernel="heat", fence="staging_excluded", compute_s=9e-4,
                  distribute_s=4e-4)]
    md = "\n".join(report_tables.time_split(staged))
    check("(cart: distribute is untimed, outside median ms" in md, f"a staged rung's distribute is said to be untimed: {md}")


def test_load():
    cores = os.cpu_count() or 1
    check(load.busy(0, cores + 5.0) is not None, "busy at cores + 5")
    check(load.busy(0, 0.0) is None, "quiet at load 0")
    check(load.busy(cores + 10, cores + 5.0) is None, "the caller's own workers are not 'others'")
    src = (ROOT / "tools/parlab/tour/summary.py").read_text()
    check("from ..load import busy" in src and "/proc/loadavg" not in src, "the tour uses the same load check")


def test_sweeps():
    def run(name, np_, tag=""):
        return (name, [rec("seq", 1, 1, 1.0), rec("rowblock", np_, 1, 1.0 / np_, speedup_vs_seq=float(np_)),
                       rec("dynamic", np_, 1, 1.0 / np_, kernel="render", speedup_vs_seq=float(np_))], tag)
    runs05 = [run("matmul-np1", 1), run("matmul-np2", 2), run("matmul-np4", 4)]
    runs05[0][1].pop()  # no 1-rank farm: its series is against seq
    recs, base = report_plots.sweep_records(runs05)
    check({r["variant"] for r in recs} == {"seq", "rowblock", "dynamic"} and base == "seq",
          f"05: rowblock and the farm over ranks, against seq ({base})")
    h = lambda v, r, t, tag="": rec(v, r, t, 1.0, module="06-hybrid", speedup_vs_seq=1.0)
    runs06 = [("matmul-1x2", [h("seq", 1, 1), h("mpi", 1, 1), h("hybrid", 1, 2)], ""),
              ("matmul-2x1", [h("seq", 1, 1), h("mpi", 2, 1), h("hybrid", 2, 1)], ""),
              ("bind-core-1x2", [h("seq", 1, 1), h("hybrid", 1, 2)], "core")]
    recs, _ = report_plots.sweep_records(runs06)
    check("hybrid" not in {r["variant"] for r in recs} and "mpi" in {r["variant"] for r in recs},
          "06: hybrid at p=2 in two layouts is no series; mpi over 1, 2 ranks is")
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("note: no matplotlib: the plots themselves are not drawn here")
        return
    with tempfile.TemporaryDirectory() as d:
        written, text = report_plots.write(plt, runs05, d, "")
        names = sorted(Path(p).name for p in written)
        check(names == ["efficiency.png", "speedup.png", "speedups.png"], f"05-like runs plot {names}")
        check(any("rowblock" in l for l in text), "the scaling tables go with the plots")


FAKE = r'''#!/usr/bin/env bash
# A fake driver: logs its argv, writes one record for 1 and 2 threads where --json names a file.
printf '%s\n' "$0 $*" >> "$FAKE_LOG"
json=
while [ $# -gt 0 ]; do [ "$1" = --json ] && json=$2; shift; done
[ -n "$json" ] && cat > "$json" <<EOF
{"context": {}, "records": [
 {"module": "03-threads", "kernel": "fake", "variant": "$(basename "$0")", "n": 8, "threads": 1, "ranks": 1, "workers": 1,
  "median_s": 1.0, "min_s": 1.0, "max_s": 1.0, "rate": 1.0, "rate_unit": "op/s", "validated": true},
 {"module": "03-threads", "kernel": "fake", "variant": "$(basename "$0")", "n": 8, "threads": 2, "ranks": 1, "workers": 2,
  "median_s": 0.6, "min_s": 0.6, "max_s": 0.6, "rate": 1.6, "rate_unit": "op/s", "validated": true, "speedup_vs_x": 1.6}]}
EOF
echo "Binding: fake"
'''


def report(cwd, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tools"), "FAKE_LOG": str(Path(cwd) / "argv.log")}
    return subprocess.run([sys.executable, str(ROOT / "tools/report.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_report_runs():
    mods = manifest.find_all(["02,03"])
    check([m.name for m in mods] == ["02-async", "03-threads"], "'02,03' names both modules")
    try:
        manifest.find("04,05")
        check(False, "'04,05' is refused as one module")
    except manifest.ManifestError:
        check(True, "'04,05' is refused as one module")
    with tempfile.TemporaryDirectory() as d:
        dp = Path(d)
        (dp / "build/release/bin").mkdir(parents=True)
        drivers = set()
        for m in mods:
            drivers |= {manifest.run_driver(r) for r in manifest.load(m)["runs"]["report"]}
        for drv in drivers:
            p = dp / "build/release/bin" / drv
            p.write_text(FAKE)
            p.chmod(0o755)
        from parlab.analysis import predict
        for m in mods:
            assert predict.main([m.name[:2], "--dir", str(dp / "pred")]) == 0
            form = dp / "pred" / f"{m.name}.md"
            form.write_text(form.read_text().replace("Your prediction:\n", "Your prediction:\nabout 2x\n"))
            assert predict.main([m.name[:2], "--dir", str(dp / "pred")]) == 0
        p = report(d, "03", "--build", "build/release", "--out", "/proc/x", "--predictions", "pred")
        check(p.returncode == 2 and "cannot write" in p.stderr and "/proc/x" in p.stderr and "Traceback" not in p.stderr
              and not (dp / "argv.log").exists(), f"--out /proc/x: exit {p.returncode}, {p.stderr.strip()[-160:]!r}")
        p = report(d, "02,03", "--quick", "--build", "build/release", "--out", "out", "--predictions", "pred")
        for m in mods:
            t = dp / "out" / m.name / "tables.md"
            check(t.exists(), f"MODULE=02,03 measured {m.name}")
        check(p.returncode in (0, 1) and "Traceback" not in p.stderr, f"report exit {p.returncode}")
        ran = set((dp / "argv.log").read_text().splitlines()) if (dp / "argv.log").exists() else set()
        tables = (dp / "out/03-threads/tables.md").read_text()
        blocks = tables.split("```\n")[1::2]
        shown = [b.strip() for b in blocks if b.startswith("build/release/bin/")]
        check(len(shown) == len(manifest.load(mods[1])["runs"]["report"]), f"every 03 run is shown as build/release/bin/...: {len(shown)}")
        check(all(" ".join(shlex.split(s)) in ran for s in shown), "each command shown is exactly the argv the driver got")
        out_lines = [l.split(": ", 2)[2] for l in p.stdout.splitlines() if l.startswith("report: ") and ": build/release/bin/" in l]
        check(bool(out_lines) and all(" ".join(shlex.split(s)) in ran for s in out_lines), "the printed commands are the same")
        check("Load (1-minute average):" in tables, "tables.md states the load")
        check("Binding: fake" in tables, "the driver's binding line is in tables.md")
        check("## plots" in tables, "tables.md has a plots section")
        if failures:
            print(p.stdout[-2000:], p.stderr[-2000:])


def main():
    for t in (test_pingpong, test_split_and_lines, test_load, test_sweeps, test_report_runs):
        print(f"--- {t.__name__}")
        t()
    print("FAILED: " + "; ".join(failures) if failures else "report tools: all as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
