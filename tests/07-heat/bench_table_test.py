#!/usr/bin/env python3
"""07's bench table at a tiny size: the bench's own runs (their names and drivers from
modules/07-heat/module.json) at 64 x 48, then bench_table.py over them; every row of the
table must be there, filled. Timings mean nothing here: only that the table is whole.
  usage: bench_table_test.py BIN_DIR OUT_DIR -- MPIEXEC -np 2 [launcher flags...]"""
import json
import pathlib
import re
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
TINY = {  # each bench run's arguments at a tiny size (a bench run this test does not know fails it)
    "triad": ["--mib", "4", "--threads", "1,2", "--reps", "1", "--min-time", "0"],
    "stencil-n4096": ["--nx", "64", "--ny", "48", "--steps", "4", "--threads", "1,2", "--variants", "seq,omp,blocked",
                      "--block", "2", "--reps", "1", "--min-time", "0"],
    "offload-n4096": None,  # the offload rungs have their own tests
    "mpi-np2-n4096": ["--nx", "64", "--ny", "48", "--steps", "4", "--reps", "1", "--min-time", "0"],
    "pingpong-np2": ["--max-bytes", "4096", "--batch-time", "0.001", "--reps", "1"],
}


def main():
    bin_dir, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    mpiexec = sys.argv[sys.argv.index("--") + 1:]
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    m = json.loads((ROOT / "modules/07-heat/module.json").read_text())
    for run in m["runs"]["bench"]:
        if run["name"] not in TINY:
            sys.exit(f"bench run {run['name']} is new: give it a tiny size here")
        if TINY[run["name"]] is None:
            continue
        name = run["name"].replace("n4096", "n64")
        cmd = [str(bin_dir / run["argv"][0]), *TINY[run["name"]], "--json", str(out / f"07-heat-{name}.json")]
        subprocess.run((mpiexec if "mpi" in run else []) + cmd, check=True, stdout=subprocess.DEVNULL)
    after = [a.replace("{module}", str(ROOT / "modules/07-heat")).replace("{out}", str(out))
             for a in m["runs"]["bench_after"]]
    if after[-1] != "4096":
        sys.exit(f"bench_after reads size {after[-1]}; this test runs its files as n64 in place of n4096")
    text = subprocess.run([sys.executable, *after[1:-1], "64"], check=True, capture_output=True, text=True).stdout
    print(text)
    want = [r"triad on 1 thread: [\d.]+ GB/s", r"triad on 2 threads: [\d.]+ GB/s", r"\n  omp x2 +[\d.]+ +[\d.]+\n",
            r"blocked x2 over the roof: [\d.]+ +over omp x2: [\d.]+", r"\n  rows +[\d.]+ +[\d.]+ +- +- +- +-\n",
            r"\n  overlap +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+\n", r"model: alpha [\d.]+ us"]
    missing = [w for w in want if not re.search(w, text)] + (["every file read"] if "(no 07-heat-" in text else [])
    if missing:
        sys.exit("bench table incomplete: " + ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
