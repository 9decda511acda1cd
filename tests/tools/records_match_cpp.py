#!/usr/bin/env python3
"""tests/tools/records_match_cpp.py DRIVER - the Python reads the record's quantities as the
C++ writes them: a threaded driver's record (DRIVER --threads 1,2 at a tiny size) carries
`workers` (ranks x threads), and the quantities the Python defines again for series across
runs (tools/parlab/records.py: karp_flatt) or reads (workers) agree with the record's own
`karp_flatt` and `efficiency`, which common/src/timing.cpp computed. Exit 0 pass, 1 fail."""
import math
import subprocess
import sys
import tempfile
from pathlib import Path

from parlab.records import karp_flatt, load, speedup_of, workers


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    bad = []
    with tempfile.TemporaryDirectory(prefix="parlab-records-") as tmp:
        js = Path(tmp) / "r.json"
        p = subprocess.run([argv[1], "--n", "48", "--threads", "1,2", "--reps", "1", "--min-time", "0",
                            "--json", str(js)], capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            print(p.stdout + p.stderr)
            return 1
        recs = load([str(js)], "records_match_cpp")
        checked = 0
        for r in recs:
            name = f'{r.get("variant")} x{r.get("threads")}'
            if r.get("workers") != r["threads"] * r["ranks"]:
                bad.append(f"{name}: workers {r.get('workers')} is not ranks x threads")
            if workers(r) != r.get("workers"):
                bad.append(f"{name}: records.workers reads {workers(r)}, the record says {r.get('workers')}")
            s, _ = speedup_of(r)
            if s is not None and r.get("efficiency") is not None \
                    and not math.isclose(r["efficiency"], s / workers(r), rel_tol=1e-7):
                bad.append(f"{name}: efficiency {r['efficiency']} is not speedup / workers")
            if r.get("karp_flatt") is not None:
                mine = karp_flatt(r["self_speedup"], workers(r))
                if not math.isclose(r["karp_flatt"], mine, rel_tol=1e-7, abs_tol=1e-12):
                    bad.append(f"{name}: the record's karp_flatt {r['karp_flatt']}, records.karp_flatt {mine}")
                checked += 1
        if not checked:
            bad.append("no record carries karp_flatt: nothing was compared (did the driver run --threads 1,2?)")
    for b in bad:
        print("FAIL: " + b)
    if bad:
        return 1
    print(f"PASS: {len(recs)} records, {checked} Karp-Flatt values agree")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
