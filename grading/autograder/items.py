"""Running one rubric item in the sandbox and scoring it from the evidence."""
from __future__ import annotations

import os
import re
import resource
import statistics
import time
from pathlib import Path

from parlab.launcher import MPI_RANK_VAR, mpirun_flags
from parlab.records import read as read_records

from .cores import overuse, pinned, quiet_cpus
from .report import Grade, Result
from .rubric import item_cases
from .sandbox import Run, Sandbox
from .verdicts import (band_points, catch_escape, cost_ratio, describe, fixed_scaling, junit_verdict, median_decided,
                       median_run, off_device, over_yardstick, ratio)
from .util import CAUSES, tail
from .workspace import Workspace


def run_catch2(ws: Workspace, sb: Sandbox, rubric: dict, it: dict, res: Result, timeout: float) -> None:
    """A correctness item (catch2) or a race item (the same, in the TSan build)."""
    race = it["type"] == "race"
    exe = sb.inside((ws.tsan if race else ws.build) / "bin" / it["exe"])  # argv names paths of the view
    d = sb.new_dir(ws.runs)
    token = os.urandom(6).hex()
    env = {**rubric.get("env", {}), **it.get("env", {})}
    cases = item_cases(it)
    specs = [catch_escape(c) for c in cases]  # several specs: Catch2 runs their union
    ranks = int(it.get("mpi_ranks", 0))
    if race:
        env["TSAN_OPTIONS"] = (env.get("TSAN_OPTIONS", "") + f" exitcode=66 log_path={sb.inside(d)}/tsan-{token}").strip()
    if ranks:
        rep = f"report-{token}"
        argv = ["mpirun", "-np", str(ranks), *mpirun_flags(), "/bin/sh", "-c",
                f'exec "$0" "$@" -r junit -o "{sb.inside(d)}/{rep}.{MPI_RANK_VAR}.xml"', exe, *specs]
        # rank 0's report: parlab's MPI test main sends the other ranks' reports to
        # /dev/null after reducing every verdict; mpirun's exit status covers all ranks
        reports = [d / f"{rep}.0.xml"]
    else:
        argv = [exe, *specs, "-r", "junit", "-o", sb.inside(d / f"report-{token}.xml")]
        reports = [d / f"report-{token}.xml"]
    mem = None if race else it.get("memory_mb", rubric["limits"]["memory_mb"])  # TSan reserves terabytes
    run = sb.run(argv, d, timeout, env, mem)
    ok, why = junit_verdict(reports, cases)
    if race:
        logs = ""
        for p in sorted(d.glob(f"tsan-{token}*")):
            with open(p, "rb") as f:
                logs += f.read(1 << 20).decode("utf-8", errors="replace")
        if "ThreadSanitizer" in logs or run.rc == 66:
            first = logs.find("WARNING: ThreadSanitizer")
            report = logs[first:first + 2500] if first >= 0 else tail(logs or run.output, 2500)
            ok, why = False, "data race reported by ThreadSanitizer (first report):\n" + report
    if run.busy and not why.startswith("data race"):  # the machine, not the code: nothing can be said yet
        res.pending, res.score = True, 0.0
        res.output = f"{run.why(timeout)}\n--- output (last lines) ---\n{tail(run.output, 1000)}\n({run.elapsed:.1f} s)"
        return
    if ok and run.rc != 0:
        ok, why = False, f"the test process ended badly after its report ({run.why(timeout)})"
    if not ok and (run.stop or run.rc < 0 or run.rc > 128):
        why = run.why(timeout) + ("\n" + why if "no test report" not in why else "")
    elif not ok and not race:
        why = lead_with_cause(why, run)
    res.score = res.max_score if ok else 0.0
    res.output = why if ok else f"{why}\n--- output (last lines) ---\n{tail(run.output, 1500)}"
    res.output = res.output.strip() + f"\n({run.elapsed:.1f} s)"


REPORTED = ("failed:", "not implemented yet:", "skipped by the test")  # verdicts that say what went wrong
SIGNALLED = re.compile(r"\bSIG[A-Z]+ - ")  # Catch2's report of a signal ("SIGTERM - Termination request signal")


def lead_with_cause(why: str, run: Run) -> str:
    """A message that does not say what went wrong (no report, an incomplete one, an
    exit status, a report of a signal: under mpirun, often another rank's error) is led
    by the output's line that does (an MPI error, a failed validation)."""
    if "bad_alloc" in why:
        return f"out of memory: std::bad_alloc (the limit is {run.memory_mb} MiB of memory)\n{why}"
    cause = run.cause
    if not cause or cause in why.split("\n", 1)[0]:
        return why
    if why.startswith(REPORTED) and not (SIGNALLED.search(why) or CAUSES[0].search(cause)):
        return why  # the report's own failure says it
    return f"{cause}\n{why}"


def _cpu_jiffies() -> list[int]:
    """The machine's CPU time so far (/proc/stat's first line): user, nice, system,
    idle, iowait, irq, softirq, steal, ... in clock ticks."""
    with open("/proc/stat") as f:
        return [int(x) for x in f.readline().split()[1:]]


def busy_cores(interval: float = 0.3) -> float:
    """Cores kept busy by other work right now (from /proc/stat), for the report."""
    try:
        v0 = _cpu_jiffies()
        time.sleep(interval)
        v1 = _cpu_jiffies()
    except OSError:
        return 0.0
    total, idle = sum(v1) - sum(v0), (v1[3] + v1[4]) - (v0[3] + v0[4])
    return (1 - idle / max(1, total)) * (os.cpu_count() or 1)


CAPACITY = 1.6  # a scaling item is measured only when the ideal loop gained this much (2 workers)
OTHER_LOAD = 0.3  # ... and other processes kept at most this many cores busy during the run


class OtherLoad:
    """How many cores other processes kept busy while a child ran: the machine's busy
    CPU time (/proc/stat) less the CPU time of this process's waited-for children (the
    sandboxed driver and its ranks), per second of wall time; and how many the child
    kept busy itself (`mine`)."""
    def __enter__(self):
        self.t0, self.busy0, self.kids0 = time.monotonic(), _busy_seconds(), _children_cpu()
        return self

    def __exit__(self, *exc):
        wall = max(1e-3, time.monotonic() - self.t0)
        self.mine = (_children_cpu() - self.kids0) / wall
        self.cores = max(0.0, (_busy_seconds() - self.busy0) - self.mine * wall) / wall
        return False


def _busy_seconds() -> float:
    try:
        v = _cpu_jiffies()
    except OSError:
        return 0.0
    idle = v[3] + v[4] + (v[7] if len(v) > 7 else 0)  # idle, iowait, steal
    return (sum(v[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wait_for_cores(limit_s: float, idle: float = 0.5) -> None:
    """Before measuring scaling again: wait (at most `limit_s`) while other work keeps
    more than `idle` cores busy."""
    until = time.monotonic() + limit_s
    while time.monotonic() < until and busy_cores() > idle:
        time.sleep(2)


def wait_before(another_run: bool, deadline: float, limit_s: float) -> None:
    """After a run the load spoiled: wait for free cores (at most `limit_s`, the rubric's
    core_wait_s), but only when a run follows (after the last one the wait would measure
    nothing and only delay the grade)."""
    if another_run:
        wait_for_cores(min(limit_s, (deadline - time.monotonic()) / 2))


def device_absent(ws: Workspace, sb: Sandbox, rubric: dict, it: dict, env: dict, timeout: float) -> str:
    """An 'on_device' item's rungs, once at a tiny size (the item's 'device_probe' options,
    else --n 8): where did they run? The reason it cannot be measured here
    (verdicts.off_device), or empty (a device, or a run that fails: the item's own runs then
    say why)."""
    m = it["measure"]
    d = sb.new_dir(ws.runs)
    jf = d / f"device-{os.urandom(6).hex()}.json"
    variants = ",".join(sorted({m["rung"]["variant"], m["over"]["variant"]}))
    argv = [sb.inside(ws.build / "bin" / it["argv"][0]), *it.get("device_probe", ["--n", "8"]), "--variants", variants,
            "--reps", "1", "--min-time", "0", "--json", sb.inside(jf)]
    run = sb.run(argv, d, min(timeout, 60.0), env, it.get("memory_mb", rubric["limits"]["memory_mb"]))
    if run.rc != 0:
        return ""
    try:
        records = read_records(jf)["records"]
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    return off_device(records, [m["rung"], m["over"]])


def fixed_head(m: dict, info: dict, what: str, value: float) -> str:
    """How a scaling item's value came about (verdicts.fixed_scaling): against the fixed
    reference, over the reference arithmetic's one-thread share, and the rung's own run."""
    share = float(m.get("share", 1.0))
    if share == 1.0 and "own" not in info:
        return f"{what} = {value:.2f}"
    head = f"{what} = {info['fixed']:.2f}"
    if share != 1.0:
        head += f", over {share:g} (one thread of the reference solution's arithmetic against it) = {info['fixed'] / share:.2f}"
    if "own" in info:
        head += (f"; against its own run ({describe(m['own'])}): {info['own']:.2f}; the lower counts: {value:.2f}")
    return head


def run_performance(ws: Workspace, sb: Sandbox, rubric: dict, it: dict, res: Result, timeout: float, g: Grade) -> None:
    """A performance item: the ratio of two rungs measured in the SAME run of the
    driver, timed in alternating rounds (--interleave), so a load that comes and goes
    slows both: the median of the round-by-round ratios. A scaling item ('calibrated':
    more workers against fewer) counts only the rounds with free cores and only runs
    beside which other processes stayed under OTHER_LOAD (verdicts.scaling); else the
    grader waits and runs again, and at worst says it could not measure.
    A scaling item keeps the best of N runs (other work only slows its rounds down, and
    its rounds count only with free cores); any other item scores its typical run, the
    median (the lower middle one: no lucky run decides), a run whose gates ('require')
    fail counting as 0, and stops as soon as that median's band is decided. The spread is shown."""
    m = it["measure"]
    runs = int(it.get("runs", 3))
    core_wait = float(rubric["limits"]["core_wait_s"])  # after a run the load spoiled
    env = {**rubric.get("env", {}), **it.get("env", {})}
    if it.get("on_device"):
        absent = device_absent(ws, sb, rubric, it, env, timeout)
        if absent:  # no GPU here: pending, never a zero
            res.pending, res.output = True, absent
            return
    top = max(b["min"] for b in it["bands"])
    cpus = quiet_cpus(int(it["cores"])) if it.get("cores") else []  # sequential work: on one core
    load = busy_cores()
    calibrated = bool(m.get("calibrated"))
    values, best, best_recs, best_info, why, busy = [], None, None, {}, "", ""
    scored = []  # non-calibrated: (value, or 0 where a gate failed; the run's records and gates)
    deadline = time.monotonic() + timeout  # all runs together; a later run only in the time left
    per_run = timeout
    for k in range(runs):
        if k:
            per_run = deadline - time.monotonic()
            if per_run < 5:
                break
        d = sb.new_dir(ws.runs)
        jf = d / f"records-{os.urandom(6).hex()}.json"
        argv = [sb.inside(ws.build / "bin" / it["argv"][0])] + list(it["argv"][1:]) + ["--json", sb.inside(jf)]
        if int(it.get("mpi_ranks", 0)):  # every rank runs the driver; rank 0 writes the JSON
            argv = ["mpirun", "-np", str(int(it["mpi_ranks"])), *mpirun_flags(), *argv]
        with OtherLoad() as other:
            run = sb.run(pinned(argv, cpus), d, per_run, env, it.get("memory_mb", rubric["limits"]["memory_mb"]))
        if run.timed_out and values:
            break  # out of the item's time after good runs: grade those
        if run.busy:  # starved: nothing measured, and nothing to blame
            busy = run.why(per_run)
            break
        if run.timed_out or run.rc != 0:
            why = lead_with_cause(f"the benchmark did not finish cleanly: {run.why(per_run)}\n{tail(run.output, 1200)}", run)
            break
        try:
            records = read_records(jf)["records"]
        except (OSError, ValueError, KeyError, TypeError):
            why = "the benchmark wrote no readable JSON records"
            break
        why = overuse(it, records, other.mine, quiet=other.cores <= OTHER_LOAD)
        if why:
            break
        info = {}
        if m.get("calibrated"):
            v, why, info = fixed_scaling(records, m, float(m.get("capacity", CAPACITY)))
            if v is not None and other.cores > OTHER_LOAD:
                v, why, info = None, (f"not measurable now: other processes kept {other.cores:.1f} cores busy "
                                      f"during the measurement; grade again when the machine is less busy"), info
            if v is None and info:  # the cores were busy: wait for them, then the next run
                busy, why = why, ""
                wait_before(k + 1 < runs, deadline, core_wait)
                continue
        elif m.get("cost"):  # a time the rung saves, not a rate: no rounds to pair, so a quiet machine
            v, why = cost_ratio(records, m["rung"], m["over"], m["cost"])
            if v is not None and other.cores > OTHER_LOAD:
                busy, why = (f"not measurable now: other processes kept {other.cores:.1f} cores busy during the "
                             "measurement (a time split is the load's, not the code's); grade again when the "
                             "machine is less busy"), ""
                wait_before(k + 1 < runs, deadline, core_wait)
                continue
        else:
            v, why = ratio(records, m["rung"], m["over"])
        if v is not None and m.get("per"):
            v, why = over_yardstick(v, records, m["per"])
        if v is None:
            break
        gates = [ratio(records, q["rung"], q["over"])[0] or 0.0 for q in it.get("require", [])]
        ok = all(gv >= q["min"] for gv, q in zip(gates, it.get("require", [])))
        values.append(v)
        if calibrated:
            if ok and (best is None or v > best):
                best, best_recs, best_info = v, (records, gates), info
            if best is not None and best >= top:
                break  # full points: more runs cannot change the grade
        else:
            scored.append((v if ok else 0.0, (records, gates)))
            if median_decided([s for s, _ in scored], runs, it["bands"]):
                break  # most runs in one band (full points, none, or between): so is the median
    if scored:  # the median run, gates included
        mid = median_run(scored)
        if mid[0] > 0:
            best, best_recs = mid
    if why:  # a run that fails or does not validate is the submission's doing, whichever run it was
        res.output = why
        return
    if not values:  # every run found the machine full: nothing was measured
        res.pending = True
        res.output = f"{busy}\nother load on the machine at the start: {load:.1f} cores busy"
        return
    spread = (f"runs: {', '.join(f'{v:.2f}' for v in values)} ({'best' if calibrated else 'median'} "
              f"{max(values) if calibrated else statistics.median_low(values):.2f}, spread {max(values) - min(values):.2f})")
    bands = ", ".join(f">= {b['min']:g}: {b['points']:g} pt" for b in sorted(it["bands"], key=lambda b: -b["min"]))
    what = f"rate({describe(m['rung'])}) / rate({describe(m['over'])})"
    if m.get("per"):
        what = f"({what}) / (rate({describe(m['per']['rung'])}) / rate({describe(m['per']['over'])}))"
    if m.get("cost"):
        cost = " + ".join(m["cost"])
        what = f"({cost} of {describe(m['over'])}) / ({cost} of {describe(m['rung'])})"
    head = ""
    if best is None:
        gate_txt = "; ".join(f"{describe(q['rung'])} over {describe(q['over'])} >= {q['min']:g}" for q in it["require"])
        res.score, res.value = 0.0, max(values)
        head = f"no points: the required {gate_txt} did not hold in {'any run' if calibrated else 'most runs'}"
    else:
        res.value = best
        res.score = band_points(best, it["bands"])
        head = f"{what} = {best:.2f}"
        if best_info:
            head = (f"{fixed_head(m, best_info, what, best)} (from the {best_info['free']} of {best_info['rounds']} rounds "
                    f"in which an ideal parallel loop gained x{best_info['capacity']:.2f} on {best_info['workers']} "
                    f"workers: the cores were there)")
        if 0 < res.score < res.max_score:
            head += f" - partial: {res.score:g} of {res.max_score:g} points"
    res.output = f"{head}\n{spread}; bands: {bands}\nother load on the machine at the start: {load:.1f} cores busy"
    if it.get("cores"):
        n = int(it["cores"])
        res.output += (f"\nrun on {n} core{'s' if n > 1 else ''} (CPU {','.join(map(str, cpus)) or 'any: no taskset'}), "
                       f"its CPU time counted by the grader")
    if it.get("leaderboard") and best_recs:
        rec = [r for r in best_recs[0] if all(r.get(k) == v for k, v in m["rung"].items())]
        if rec:
            g.leaderboard.append({"name": it["leaderboard"], "value": round(float(rec[-1].get("rate", 0.0)), 3),
                                  "order": "desc"})
