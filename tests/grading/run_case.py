#!/usr/bin/env python3
"""One grader proof case: build a submission, grade it, check what came out.

    run_case.py --case segfault --workspace WS [--cases cases.json]

The submission is the reference solution files (base 'reference') or the
untouched student release tree (base 'release'), with the case folder
(hostile/<case>/) laid over it. Checks: the grader exits 0 within its budget;
results.json is valid Gradescope output; each item scores what cases.json says;
afterwards no sandbox process is alive, the workspace is intact and nothing was
written outside the submission's folder. Exit 0 pass, 1 fail, 77 skipped.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.rubric import item_points as rubric_points
from autograder.sandbox import pids_of
from autograder.uids import try_uid_lock

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GRADE = REPO / "grading" / "grade.py"
MARKERS = [Path("/tmp/parlab-hostile-marker"), Path("/dev/shm/parlab-hostile-marker")]


def fail(msg: str) -> None:
    print("FAIL: " + msg)
    sys.exit(1)


@contextlib.contextmanager
def container(mb: int | None):
    """Like Gradescope's container: the grader and everything it starts share one
    memory limit of `mb` MiB (a cgroup of this run). Yields the preexec function
    that puts the grader in it."""
    if not mb:
        yield None
        return
    v1 = Path("/sys/fs/cgroup/memory")
    base = v1 if (v1 / "cgroup.procs").exists() else Path("/sys/fs/cgroup")
    cg = base / f"parlab-case-{os.getpid()}"
    try:
        cg.mkdir()
        (cg / ("memory.limit_in_bytes" if base == v1 else "memory.max")).write_text(str(mb << 20))
    except OSError as e:
        print(f"SKIP: no memory cgroup to play Gradescope's {mb} MB container ({e})")
        sys.exit(77)

    def join():
        (cg / "cgroup.procs").write_text(str(os.getpid()))
    try:
        yield join
    finally:
        for _ in range(50):
            try:
                cg.rmdir()
                break
            except OSError:
                time.sleep(0.1)


class Escape:
    """The host side of hostile/sandbox_escape: a sibling's file beside the
    workspace (world-readable, as a batch folder is), a listener on the host's
    loopback; afterwards, the lock folders and SysV IPC of the host."""
    SHM_KEY = 0x50A1AB
    LOCKS = [Path("/run/lock/parlab-hostile-escape"), Path("/run/lock/parlab-hostile-escape2")]

    def __init__(self, ws: Path):
        import socket
        import threading
        self.sibling = ws.parent / f"sibling-{os.getpid()}" / "alice"
        self.sibling.mkdir(parents=True)
        for d in (self.sibling, self.sibling.parent):
            d.chmod(0o755)
        (self.sibling / "PARLAB_SIBLING_SECRET").write_text("alice's matmul_interchange.cpp\n")
        (self.sibling / "PARLAB_SIBLING_SECRET").chmod(0o644)
        for p in self.LOCKS:
            p.unlink(missing_ok=True)
        self.accepted = 0
        self.srv = None
        for port in range(47990, 48000):
            s = socket.socket()
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                s.close()
                continue
            s.listen(8)
            s.settimeout(0.5)
            self.srv, self.port = s, port
            break
        self.stop = False

        def serve():
            while not self.stop and self.srv:
                try:
                    c, _ = self.srv.accept()
                    self.accepted += 1
                    c.close()
                except OSError:
                    pass
        self.thread = threading.Thread(target=serve, daemon=True)
        self.thread.start()

    def finish(self) -> list[str]:
        self.stop = True
        self.thread.join(2)
        problems = []
        if self.srv is None:
            problems.append("no free port 47990..47999 for the host listener")
        elif self.accepted:
            problems.append(f"the submission connected to the host's 127.0.0.1:{self.port}")
        for p in self.LOCKS:
            if p.exists():
                problems.append(f"the submission left {p} on the host")
                p.unlink()
        shm = Path("/proc/sysvipc/shm").read_text().splitlines()[1:]
        hits = [ln.split()[1] for ln in shm if int(ln.split()[0]) == self.SHM_KEY]
        for shmid in hits:
            subprocess.run(["ipcrm", "-m", shmid])
            problems.append("the submission created SysV shared memory on the host")
        shutil.rmtree(self.sibling.parent, ignore_errors=True)
        return problems


def pending(t: dict) -> bool:
    return "pending" in t.get("tags", [])


def score_ok(t: dict, want, it: dict, case: dict) -> bool:
    """One item's score against cases.json: a number, 'full', or 'full_or_pending' (a
    timed item beside a load: full points, or not measurable now - never a zero)."""
    got, full = t["score"], rubric_points(it)
    if (it["type"] == "performance" and case.get("skip_performance")) or (it["type"] == "race" and case.get("skip_race")):
        return t["max_score"] == 0 and got == 0 and not pending(t)  # shown, not counted
    if want == "full_or_pending":
        return pending(t) or got == full
    if want == "zero_or_pending":  # an attack: no points, or nothing measured yet (pending awards none)
        return pending(t) or got == 0
    if pending(t):
        return False
    if want == "full":
        return got == full if (it["type"] != "performance" or case.get("exact")) else got > 0
    if want == "not_full":  # a ratio near a band's edge: noise may give a partial band, never all
        return got < full
    return got == want


def validate_gradescope(res: dict) -> None:
    for k in ("score", "tests"):
        if k not in res:
            fail(f"results.json has no '{k}'")
    total = 0.0
    for t in res["tests"]:
        for k in ("name", "score", "max_score", "status", "output", "visibility"):
            if k not in t:
                fail(f"results.json test {t.get('name')!r} has no '{k}'")
        if t["max_score"] == 0 and t["status"] == "failed":
            fail(f"{t['name']!r}: an item without points shows as failed (red 0/0)")
        if t["status"] not in ("passed", "failed"):
            fail(f"bad status {t['status']!r}")
        if not (0 <= t["score"] <= t["max_score"]):
            fail(f"score out of range in {t['name']!r}")
        total += t["score"]
    if abs(total - res["score"]) > 1e-6:
        fail(f"score {res['score']} is not the sum of the tests ({total})")


def only_items(rubric: dict, names: list[str]) -> dict:
    """The rubric with only the items named, in the rubric's order: a case about one
    item (an attack on one rung) spares the others, which its reference case grades."""
    have = {it["name"] for it in rubric["items"]}
    missing = [n for n in names if n not in have]
    if missing:
        fail(f"cases.json names items the rubric lacks: {missing}")
    kept = [it for it in rubric["items"] if it["name"] in names]
    # an item whose required items are left out is "not run": zero points, proof of nothing
    unmet = sorted({r for it in kept for r in it.get("requires", []) if r not in names})
    if unmet:
        fail(f"cases.json's items leave out what they require: {unmet}")
    return {**rubric, "items": kept}


def timed_items(rubric: dict) -> list[str]:
    """The performance items and what they require, however deep: a case graded on the
    timed items alone, on a quiet machine (the rest is graded by its correctness case)."""
    by_name = {it["name"]: it for it in rubric["items"]}
    names = {n for n, it in by_name.items() if it["type"] == "performance"}
    todo = list(names)
    while todo:
        for r in by_name[todo.pop()].get("requires", []):
            if r not in names:
                names.add(r)
                todo.append(r)
    return [it["name"] for it in rubric["items"] if it["name"] in names]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", required=True)
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--assignment", default="01-sequential", help="rubric name, or a rubric .json")
    ap.add_argument("--release", help="the release graded against (default WORKSPACE/release)")
    ap.add_argument("--reference", default=str(REPO), help="where base 'reference' takes the exercise files from")
    ap.add_argument("--cases", default=str(HERE / "cases.json"))
    ap.add_argument("--test-timeout", default="10")
    ap.add_argument("--budget", type=float, default=150)
    a = ap.parse_args()
    case = json.loads(Path(a.cases).read_text())[a.case]
    if case.get("root") and os.geteuid() != 0:
        print(f"SKIP: case {a.case} needs the root sandbox (the grader runs unprivileged here)")
        return 77
    ws = Path(a.workspace).resolve()
    rpath = Path(a.assignment) if a.assignment.endswith(".json") else REPO / "grading" / "rubrics" / f"{a.assignment}.json"
    rubric = json.loads(rpath.read_text())
    release = Path(a.release).resolve() if a.release else ws / "release"
    if case.get("timed"):  # the timed items alone: full, or pending; what they require: full
        case["items"] = timed_items(rubric)
        case["scores"] = ["full_or_pending" if it["type"] == "performance" else "full"
                          for it in rubric["items"] if it["name"] in case["items"]]
    if case.get("items"):  # graded on the rubric's named items only (a copy of the rubric)
        rubric = only_items(rubric, case["items"])
    overlay = Path(a.cases).resolve().parent / "hostile" / a.case
    if not (ws / ".ready").exists():
        fail(f"workspace {ws} is not prepared (the grading fixture test builds it)")
    for m in MARKERS:
        m.unlink(missing_ok=True)

    escape = Escape(ws) if a.case == "sandbox_escape" else None
    with tempfile.TemporaryDirectory(prefix=f"parlab-case-{a.case}-") as tmp:
        if case.get("items"):
            rpath = Path(tmp) / rpath.name
            rpath.write_text(json.dumps(rubric))
        sub = Path(tmp) / "submission"
        if case["base"] == "release":
            shutil.copytree(release, sub)
        else:
            for rel in rubric["files"]:
                (sub / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(a.reference) / rel, sub / rel)
        by_name = {Path(r).name: r for r in rubric["files"]}
        if not overlay.is_dir() and not case.get("no_overlay"):
            fail(f"no folder {overlay} for case {a.case}")
        if overlay.is_dir():
            for p in sorted(overlay.rglob("*")):
                if p.is_file():
                    rel = p.relative_to(overlay).as_posix()
                    dst = sub / (by_name[rel] if rel in by_name else rel)
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(p, dst)
                    text = p.read_bytes()
                    if b"@REPO" in text:  # a case that reaches for the grader's own files
                        dst.write_bytes(text.replace(b"@REPO_REL@", str(REPO).lstrip("/").encode())
                                        .replace(b"@REPO@", str(REPO).encode()))
        if case.get("patch"):  # rewrite one solution region of a real exercise (another module's file)
            pt = case["patch"]
            f = sub / pt["file"]
            text = f.read_text()
            at = text.find(pt["after"])
            b = text.find("// BEGIN SOLUTION", at)
            e = text.find("// END SOLUTION", b)
            if at < 0 or b < 0 or e < 0:
                fail(f"cannot find the solution region after {pt['after']!r} in {pt['file']}")
            f.write_text(text[:text.index("\n", b) + 1] + pt["code"] + "\n" + text[e:])
        out = Path(tmp) / "out"
        cmd = [sys.executable, str(GRADE), "--assignment", str(rpath), "--release", str(release),
               "--workspace", str(ws), "--submission", str(sub), "--results", str(out / "results.json"),
               "--junit", str(out / "junit.xml"), "--summary", str(out / "summary.txt"),
               "--test-timeout", a.test_timeout, "--budget", str(a.budget), "--jobs", "1" if case.get("container_mb") else "2"]
        if case.get("memory_mb"):
            cmd += ["--memory-mb", str(case["memory_mb"])]
        if case.get("skip_performance"):  # the case is about something else: spare the timed runs
            cmd += ["--skip-performance"]
        if case.get("gate") is False:  # hostile code the sandbox behind the integrity gate must contain
            cmd += ["--no-integrity-gate"]
        if case.get("skip_race"):  # no TSan workspace: the race items show as not counted
            cmd += ["--skip-race"]
        if "core_wait_s" in case:  # beside other tests' load a short wait: the verdict comes sooner
            cmd += ["--core-wait", str(case["core_wait_s"])]
        t0 = time.monotonic()
        with container(case.get("container_mb")) as join:
            try:
                p = subprocess.run(cmd, capture_output=True, text=True, timeout=a.budget + 120, preexec_fn=join)
            except subprocess.TimeoutExpired:
                fail(f"the grader itself ran past {a.budget + 120:.0f} s")
        wall = time.monotonic() - t0
        m = re.search(r"grading with uids (\d+)", p.stderr)
        uid = int(m.group(1)) if m else None
        print(p.stdout[-6000:])
        if p.returncode != 0:
            print(p.stderr[-4000:])
            fail(f"grade.py exited {p.returncode}")
        try:
            res = json.loads((out / "results.json").read_text())
        except (OSError, ValueError) as e:
            fail(f"no valid results.json: {e}")
        validate_gradescope(res)
        import xml.etree.ElementTree as ET
        ET.parse(out / "junit.xml")
        if wall > a.budget + 60:
            fail(f"grading took {wall:.0f} s, budget {a.budget:.0f} s")

    problems = []
    # manual items (graded by hand) are informational: never scored, checked in test_manual_items.py
    tests = [t for t in res["tests"] if "manual" not in t.get("tags", [])]
    if any(t["max_score"] or t["score"] or t["status"] != "passed" for t in res["tests"] if t not in tests):
        fail("a manual item was scored or shown failed")
    if len(tests) != len(case["scores"]):
        fail(f"{len(tests)} items graded, cases.json expects {len(case['scores'])}")
    for i, (t, want, it) in enumerate(zip(tests, case["scores"], [it for it in rubric["items"] if it["type"] != "manual"])):
        if not score_ok(t, want, it, case):
            problems.append(f"item {i} {t['name']!r}: score {t['score']}/{t['max_score']}"
                            f"{' (pending)' if pending(t) else ''}, expected {want}\n    output: {t['output'][:400]}")
        elif pending(t):
            print(f"note: item {i} {t['name']!r} is pending re-measurement: {t['output'][:300]}")
    for i, text in case.get("output", {}).items():
        if pending(tests[int(i)]) and str(case["scores"][int(i)]).endswith("_or_pending"):
            continue  # nothing measured yet: no verdict whose words to check
        if text.lower() not in tests[int(i)]["output"].lower():
            problems.append(f"item {i}: output lacks {text!r}: {tests[int(i)]['output'][:300]}")
    for i, text in case.get("lead", {}).items():  # the cause comes first ('a|b': either)
        first = (tests[int(i)]["output"].strip().splitlines() or [""])[0]
        if not any(t.lower() in first.lower() for t in text.split("|")):
            problems.append(f"item {i}: the output's first line lacks {text!r}: {tests[int(i)]['output'][:300]}")
    absent = [t for t in case.get("output_absent", []) if t != "@WS@"]
    if "@WS@" in case.get("output_absent", []):  # where the grader keeps its files is not the student's business
        absent += sorted({str(ws), str(Path(a.workspace).absolute())})
    for text in absent:
        if any(text in t["output"] for t in tests) or text in res.get("output", ""):
            problems.append(f"the results show {text!r}: the submission read a file it must not")
    for text in case.get("notes", []):
        if text not in res["output"]:
            problems.append(f"summary lacks the note {text!r}")
    if "changed grader files" in res["output"]:
        problems.append("the submission changed grader files")
    left = []
    if os.geteuid() == 0 and uid is not None:
        # only while no other grader holds that uid (the pool may have given it to the next one)
        held = try_uid_lock(uid)
        if held is not None:
            left = pids_of(uid)
            held.close()
        else:
            print(f"note: uid {uid} is in use by another grader now: its processes are not checked")
    if left:
        problems.append(f"sandbox processes still alive after grading: {left[:10]}")
    for m in MARKERS + [ws / "parlab-hostile-marker", ws / "build" / "bin" / "parlab-hostile-marker"]:
        if m.exists():
            problems.append(f"the submission wrote {m}")
            if m.is_file():
                m.unlink()
    exes = {it["exe"] if it["type"] != "performance" else it["argv"][0] for it in rubric["items"]
            if it["type"] not in ("race", "manual") and not (it["type"] == "performance" and case.get("skip_performance"))}
    for must in [release / "CMakeLists.txt"] + [ws / "build" / "bin" / e for e in sorted(exes)]:
        if not must.exists():
            problems.append(f"the submission deleted {must}")
    if escape:
        problems += escape.finish()
    print(f"case {a.case}: {res['score']:g}/{res.get('max_score', '?')} points, grader wall time {wall:.1f} s")
    if problems:
        fail("\n  ".join([""] + problems))
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
