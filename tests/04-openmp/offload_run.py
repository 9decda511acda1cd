#!/usr/bin/env python3
"""A driver's offload rungs as a user meets them (issue: OpenMP target offload): omp_matmul's
(module 04) or heat_stencil's (module 07), told apart by the program's name.

  offload_run.py records   DRIVER  the four rungs validate; each JSON record names the
                                   device the banner names and the rung's fence
  offload_run.py mandatory DRIVER  OMP_TARGET_OFFLOAD=MANDATORY: with no device, exit 1
                                   with a message that says why, in time; with one, a
                                   device run (never a host run that claims a device)
  offload_run.py disabled  DRIVER  OMP_TARGET_OFFLOAD=DISABLED: host-fallback, validated
"""
import json
import os
import re
import subprocess
import sys
import tempfile

# Each driver's offload rungs with their fences, and its size options (odd, small).
DRIVERS = {
    "omp_matmul": ({"offload": "transfers_excluded", "offload_copies": "data_back",
                    "offload_tuned": "transfers_excluded", "offload_tuned_copies": "data_back"},
                   ["--n", "33"]),
    "heat_stencil": ({"offload_naive": "data_back", "offload": "transfers_excluded",
                      "offload_copies": "data_back", "device_triad": "transfers_excluded"},
                     ["--nx", "37", "--ny", "23", "--steps", "5"]),
}
RUNGS, SIZE = {}, []


def run(exe, env_value, json_path=None):
    env = dict(os.environ)
    env.pop("OMP_TARGET_OFFLOAD", None)
    if env_value:
        env["OMP_TARGET_OFFLOAD"] = env_value
    argv = [exe] + SIZE + ["--variants", ",".join(RUNGS), "--reps", "1", "--min-time", "0"]
    if json_path:
        argv += ["--json", json_path]
    try:
        p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=100)
    except subprocess.TimeoutExpired:
        sys.exit(f"FAIL: {' '.join(argv)} (OMP_TARGET_OFFLOAD={env_value}) hung past 100 s")
    return p, p.stdout + p.stderr


def banner_device(out):
    m = re.search(r"^== parlab .* device=(\S+)", out, re.M)
    return m.group(1) if m else None


def fail(why, out):
    sys.exit(f"FAIL: {why}\n--- output ---\n{out}")


def records(exe):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "offload.json")
        p, out = run(exe, None, path)
        if p.returncode != 0:
            fail(f"exit {p.returncode}", out)
        device = banner_device(out)
        if not device or not (device == "host-fallback" or device.startswith("nvptx:")):
            fail("the banner does not say device=host-fallback or device=nvptx:N", out)
        with open(path) as f:
            doc = json.load(f)
    recs = {r["variant"]: r for r in doc["records"] if r["variant"] in RUNGS}
    if set(recs) != set(RUNGS):
        fail(f"records for {sorted(recs)}, not {sorted(RUNGS)}", out)
    for name, fence in RUNGS.items():
        r = recs[name]
        if r.get("device") != device or r.get("fence") != fence or r.get("validated") is not True:
            fail(f"{name}: device={r.get('device')} fence={r.get('fence')} validated={r.get('validated')}, "
                 f"wanted {device} {fence} true", out)
    print(f"ok: {len(RUNGS)} offload rungs validated on {device}, fences {sorted(set(RUNGS.values()))}")


def mandatory(exe):
    p, out = run(exe, "MANDATORY")
    device = banner_device(out)
    if p.returncode == 0:  # a device is here: the run must have been on it
        if not device or not device.startswith("nvptx:"):
            fail("MANDATORY succeeded, yet the banner says no device", out)
        print(f"ok: a device is present ({device}); MANDATORY ran there")
        return
    if p.returncode != 1 or "OMP_TARGET_OFFLOAD=MANDATORY, but" not in out:
        fail(f"MANDATORY without a device: exit {p.returncode}, wanted 1 and the message", out)
    if "Solution validates" in out:
        fail("MANDATORY without a device still ran a rung on the host", out)
    print("ok: MANDATORY without a device: exit 1, " + out.strip().splitlines()[-1][:100])


def disabled(exe):
    p, out = run(exe, "DISABLED")
    if p.returncode != 0 or banner_device(out) != "host-fallback" or out.count("Solution validates") != len(RUNGS):
        fail(f"DISABLED: exit {p.returncode}, wanted 0, device=host-fallback and {len(RUNGS)} rungs validated", out)
    print(f"ok: DISABLED runs the {len(RUNGS)} offload rungs on the host")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("records", "mandatory", "disabled"):
        sys.exit(__doc__)
    name = os.path.basename(sys.argv[2])
    if name not in DRIVERS:
        sys.exit(f"offload_run.py: no offload rungs known for '{name}' (known: {', '.join(DRIVERS)})")
    RUNGS, SIZE = DRIVERS[name]
    {"records": records, "mandatory": mandatory, "disabled": disabled}[sys.argv[1]](sys.argv[2])
