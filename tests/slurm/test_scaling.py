#!/usr/bin/env python3
"""Tests of tools/scaling.py (tools/parlab/analysis): known records -> known speedup, efficiency, Karp-Flatt and
fits; plots written. Run: PYTHONPATH=tools /usr/bin/python3 tests/slurm/test_scaling.py [numbers|plots|cli]
(exit 77 = skipped: the plots need matplotlib)."""
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

from parlab.analysis import scaling, series
from parlab.records import karp_flatt

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def record(p, t, variant="v", n=512, rate=None, ranks=1, **extra):
    r = {"module": "test", "kernel": "matmul", "variant": variant, "n": n, "threads": p, "ranks": ranks,
         "reps": 3, "min_s": t, "median_s": t, "max_s": t, "rate": rate if rate is not None else 2 * n ** 3 / t / 1e9,
         "rate_unit": "GFLOP/s", "validated": True}
    r.update(extra)
    return r


def triad(p, gbs):
    """A stream_triad record: the memory roof of p threads."""
    return {"module": "slurm", "kernel": "triad", "variant": "triad", "n": 10, "threads": p, "ranks": 1,
            "median_s": 0.1, "rate": gbs, "rate_unit": "GB/s", "validated": True}


def write(folder, name, records):
    path = os.path.join(folder, name)
    with open(path, "w") as fh:
        json.dump({"context": {"host": "test"}, "records": records}, fh)
    return path


class Numbers(unittest.TestCase):
    def test_hand_computed_strong(self):
        # T1 = 10, T2 = 6, T4 = 4: S = 1.667, 2.5; E = 0.833, 0.625;
        # Karp-Flatt e = (1/S - 1/p)/(1 - 1/p): p=2 (0.6-0.5)/0.5 = 0.2, p=4 (0.4-0.25)/0.75 = 0.2.
        rows = series.strong_table({1: record(1, 10.0), 2: record(2, 6.0), 4: record(4, 4.0)})
        self.assertEqual([r["p"] for r in rows], [1, 2, 4])
        self.assertAlmostEqual(rows[1]["speedup"], 10 / 6)
        self.assertAlmostEqual(rows[2]["speedup"], 2.5)
        self.assertAlmostEqual(rows[1]["efficiency"], 10 / 12)
        self.assertAlmostEqual(rows[2]["efficiency"], 0.625)
        self.assertTrue(math.isnan(rows[0]["karp_flatt"]))
        self.assertAlmostEqual(rows[1]["karp_flatt"], 0.2)
        self.assertAlmostEqual(rows[2]["karp_flatt"], 0.2)

    def test_amdahl_fit_recovers_serial_fraction(self):
        for f in (0.0, 0.05, 0.1, 0.3, 1.0):
            pts = [(p, series.amdahl_speedup(f, p)) for p in (1, 2, 4, 8, 16)]
            got, rms = series.amdahl_fit(pts)
            self.assertAlmostEqual(got, f, places=9)
            self.assertAlmostEqual(rms, 0.0, places=9)
            # Karp-Flatt of exact Amdahl data is the serial fraction at every p.
            for p, s in pts[1:]:
                self.assertAlmostEqual(karp_flatt(s, p), f, places=9)

    def test_amdahl_fit_with_noise_and_workers_from_ranks(self):
        # T(p) = T1 (f + (1-f)/p) with f = 0.2, +-2% noise, p = threads x ranks.
        f, t1 = 0.2, 8.0
        noise = {2: 1.02, 4: 0.98, 8: 1.01}
        recs = [record(1, t1)] + [record(p // 2, t1 * (f + (1 - f) / p) * noise[p], ranks=2) for p in (2, 4, 8)]
        (key, rows, fit), = series.analyse(recs)
        self.assertEqual([r["p"] for r in rows], [1, 2, 4, 8])
        self.assertAlmostEqual(fit["amdahl_serial"], f, delta=0.02)
        self.assertAlmostEqual(fit["amdahl_max_speedup"], 1 / fit["amdahl_serial"])

    def test_series_are_separate_and_need_one_worker(self):
        recs = [record(1, 4.0, "a"), record(2, 2.0, "a"), record(1, 3.0, "a", n=256), record(2, 2.0, "b"),
                record(4, 1.0, "b"), record(2, 9.0, "a", validated=False)]
        err = io.StringIO()
        with redirect_stderr(err):
            res = series.analyse(recs)
        names = [series.series_name(k) for k, _, _ in res]
        self.assertEqual(names, ["test matmul a n=512"])   # n=256: one point; b: no p=1
        self.assertAlmostEqual(res[0][1][1]["speedup"], 2.0)  # the unvalidated record is ignored
        self.assertIn("no record on 1 worker", err.getvalue())

    def test_baseline_rung(self):
        # An MPI driver's seq rung (rank 0 alone, logged at every p) is T1 = 12 for the others.
        recs = [record(1, 12.5, "seq", ranks=1), record(1, 12.0, "seq", ranks=2), record(1, 13.0, "seq", ranks=4),
                record(1, 4.0, "dynamic", ranks=2), record(1, 3.0, "dynamic", ranks=4)]
        for r in recs:
            r["threads"] = 1
        (key, rows, fit), = series.analyse(recs, baseline="seq")
        self.assertEqual(key[2], "dynamic")
        self.assertEqual([r["p"] for r in rows], [2, 4])
        self.assertAlmostEqual(rows[0]["speedup"], 3.0)
        self.assertAlmostEqual(rows[1]["speedup"], 4.0)
        self.assertAlmostEqual(rows[1]["efficiency"], 1.0)

    def test_fastest_of_repeated_runs(self):
        rows = series.strong_table(series.group([record(1, 5.0), record(1, 4.0), record(2, 2.5)])[("test", "matmul", "v", "n=512")])
        self.assertAlmostEqual(rows[1]["speedup"], 1.6)

    def test_weak_scaling(self):
        # Rates 10, 19, 36 on 1, 2, 4 workers (sizes grow): efficiency 0.95, 0.9;
        # Gustafson S = p - s(p-1): least squares s = (0.1*1 + 0.4*3)/(1 + 9) = 0.13.
        recs = [record(1, 1.0, n=100, rate=10.0), record(2, 1.0, n=126, rate=19.0), record(4, 1.0, n=159, rate=36.0)]
        (key, rows, fit), = series.analyse(recs, weak=True)
        self.assertEqual(key[3], "")
        self.assertEqual([r["size"] for r in rows], ["n=100", "n=126", "n=159"])
        self.assertAlmostEqual(rows[1]["efficiency"], 0.95)
        self.assertAlmostEqual(rows[2]["efficiency"], 0.9)
        self.assertAlmostEqual(rows[2]["scaled_speedup"], 3.6)
        self.assertAlmostEqual(fit["gustafson_serial"], 0.13)

    def test_roofline_inputs(self):
        recs = [record(1, 1.0, rate=50.0, pct_peak=50.0), record(2, 1.0, rate=90.0, pct_peak=45.0),
                record(2, 1.0, rate=50.0, pct_peak=50.0),  # a disturbed peak measurement: the highest counts
                {"module": "slurm", "kernel": "triad", "variant": "triad", "n": 10, "threads": 2, "ranks": 1,
                 "median_s": 0.1, "rate": 20.0, "rate_unit": "GB/s", "validated": True}]
        self.assertEqual(series.measured_peak(recs), {1: 100.0, 2: 200.0})
        self.assertEqual(series.measured_bandwidth(recs), {2: 20.0})
        self.assertAlmostEqual(series.intensity({"n": 1200}), 1200 / 12)
        self.assertAlmostEqual(series.intensity({"n": 4, "m": 2, "k": 3}), 2 * 24 / (8 * (6 + 12 + 8)))

    def test_roofline_places_every_roof_at_its_intensity(self):
        # A stencil record (07: roof memory, rate in GB/s) at flops / bytes = 7/16 and at its
        # GFLOP/s (flops per median second), beside a matmul record with flops and bytes, an
        # old matmul record without them (the compulsory-traffic formula), a render record
        # (no roof: left out) and the triad (it draws the roof: left out).
        stencil = {"module": "07-heat", "kernel": "heat", "variant": "omp", "threads": 2, "ranks": 1,
                   "median_s": 0.5, "rate": 32.0, "rate_unit": "GB/s", "validated": True,
                   "flops": 7e9, "bytes": 16e9, "intensity": 0.4375, "roof": "memory"}
        mm = record(1, 2.0, n=1000, flops=2e9, bytes=24e6, roof="compute")
        old = record(2, 1.0, n=1200)
        render = {"module": "04-openmp", "kernel": "render", "variant": "dynamic", "threads": 2, "ranks": 1,
                  "median_s": 1.0, "rate": 3.0, "rate_unit": "Mpixel/s", "validated": True}
        triad = {"module": "04-openmp", "kernel": "triad", "variant": "triad", "threads": 2, "ranks": 1,
                 "median_s": 0.1, "rate": 20.0, "rate_unit": "GB/s", "validated": True,
                 "flops": 2e6, "bytes": 24e6, "roof": "memory"}
        unchecked = dict(stencil, variant="naive", validated=False)
        pts = {(q["kernel"], q["variant"], q["workers"]): q
               for q in series.roofline_points([stencil, mm, old, render, triad, unchecked])}
        self.assertEqual(set(pts), {("heat", "omp", 2), ("matmul", "v", 1), ("matmul", "v", 2)})
        heat = pts[("heat", "omp", 2)]
        self.assertEqual(heat["roof"], "memory")
        self.assertAlmostEqual(heat["intensity"], 7 / 16)
        self.assertAlmostEqual(heat["gflops"], 14.0)  # 7 GFLOP in 0.5 s, not the record's GB/s
        self.assertAlmostEqual(pts[("matmul", "v", 1)]["intensity"], 2e9 / 24e6)
        self.assertAlmostEqual(pts[("matmul", "v", 1)]["gflops"], 1.0)
        self.assertEqual(pts[("matmul", "v", 2)]["roof"], "compute")
        self.assertAlmostEqual(pts[("matmul", "v", 2)]["intensity"], 1200 / 12)


class Cli(unittest.TestCase):
    def run_tool(self, *args):
        return subprocess.run([sys.executable, os.path.join(ROOT, "tools", "scaling.py"), *args],
                              capture_output=True, text=True, timeout=120)

    def test_tables_and_json_out(self):
        with tempfile.TemporaryDirectory() as d:
            write(d, "a.json", [record(1, 10.0), record(2, 6.0), record(4, 4.0)])
            out = os.path.join(d, "fit.json")
            res = self.run_tool(d, "--json-out", out, "--note", "oversubscribed test")
            self.assertEqual(res.returncode, 0, res.stderr)
            self.assertIn("NOTE: oversubscribed test", res.stdout)
            self.assertIn("Karp-Flatt", res.stdout)
            self.assertRegex(res.stdout, r"4\s+4\.00000\s+\S+\s+2\.50\s+0\.62\s+0\.200")
            doc = json.load(open(out))
            self.assertEqual(doc["mode"], "strong")
            self.assertAlmostEqual(doc["series"][0]["fit"]["amdahl_serial"], 0.2, places=6)

    def test_bad_input_is_a_clear_error(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "junk.json"), "w") as fh:
                fh.write("{not json")
            with open(os.path.join(d, "list.json"), "w") as fh:
                fh.write("[1, 2]")
            res = self.run_tool(d)
            self.assertEqual(res.returncode, 1)
            self.assertIn("skipping", res.stderr)
            self.assertIn("list.json: not a parlab results file", res.stderr)
            self.assertIn("no records found", res.stderr)


def have_matplotlib():
    try:
        import matplotlib  # noqa: F401
        return True
    except ImportError:
        return False


@unittest.skipUnless(have_matplotlib(), "matplotlib is not available in this python")
class Plots(unittest.TestCase):
    def test_plots_written(self):
        with tempfile.TemporaryDirectory() as d:
            recs = [record(1, 10.0, pct_peak=40.0), record(2, 6.0, pct_peak=30.0), record(4, 4.0, pct_peak=20.0),
                    record(1, 20.0, "w", pct_peak=10.0), record(2, 11.0, "w", pct_peak=9.0)]
            write(d, "a.json", recs)
            write(d, "triad.json", [triad(p, 10.0 * p) for p in (1, 2)])
            plots = os.path.join(d, "plots")
            with redirect_stdout(io.StringIO()):
                self.assertEqual(scaling.main([d, "--plots", plots]), 0)
                self.assertEqual(scaling.main([d, "--weak", "--plots", plots]), 0)
            for name in ("speedup.png", "efficiency.png", "roofline.png", "weak-speedup.png", "weak-efficiency.png"):
                path = os.path.join(plots, name)
                self.assertTrue(os.path.exists(path), name)
                with open(path, "rb") as fh:
                    self.assertEqual(fh.read(8), b"\x89PNG\r\n\x1a\n", name)
                self.assertGreater(os.path.getsize(path), 10_000, name)

    def test_memory_bound_roofline_without_a_peak(self):
        # 07's report: stencil records (roof memory, no pct_peak) and the triad: a roofline
        # with the bandwidth roofs alone.
        with tempfile.TemporaryDirectory() as d:
            write(d, "heat.json", [{"module": "07-heat", "kernel": "heat", "variant": "omp", "nx": 64, "threads": p,
                                    "ranks": 1, "median_s": 1.0 / p, "rate": 16.0 * p, "rate_unit": "GB/s",
                                    "validated": True, "flops": 7e9, "bytes": 16e9, "roof": "memory"}
                                   for p in (1, 2)])
            write(d, "triad.json", [triad(p, 20.0 * p) for p in (1, 2)])
            plots = os.path.join(d, "plots")
            with redirect_stdout(io.StringIO()):
                self.assertEqual(scaling.main([d, "--plots", plots]), 0)
            self.assertTrue(os.path.exists(os.path.join(plots, "roofline.png")))


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    if which == "plots" and not have_matplotlib():
        print(f"SKIP: matplotlib is not available in {sys.executable} (apt install python3-matplotlib)")
        sys.exit(77)
    cases = {"numbers": [Numbers], "cli": [Cli], "plots": [Plots], "all": [Numbers, Cli, Plots]}[which]
    suite = unittest.TestSuite(unittest.defaultTestLoader.loadTestsFromTestCase(c) for c in cases)
    ok = unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful()
    sys.exit(0 if ok else 1)
