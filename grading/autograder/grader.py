"""Grading one submission, step by step. Called with the workspace lock and a
uid pair held (autograder.uids): nothing else touches the workspace meanwhile."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from . import gate, items
from .manual import attach_all
from .batch import batch_turn
from .report import Grade, Result, take_over
from .rubric import exe_name, item_points
from .sandbox import Sandbox
from .submission import take
from .util import log, tail, write_json
from .workspace import Workspace


NEEDS = "not run: first pass "  # an item whose required items did not pass


def compiler_errors(out: str) -> str:
    lines = out.splitlines()
    errs = [i for i, line in enumerate(lines) if "error" in line.lower()]
    if not errs:
        return out
    start = max(0, errs[0] - 3)
    return "\n".join(lines[start:start + 60])


def initial_results(rubric: dict) -> list[Result]:
    """One result per rubric item, none graded yet (pending, should the grader stop
    before it); a manual item is graded by hand, never counted here."""
    return [Result(it["name"], item_points(it), kind=it["type"], visibility=it.get("visibility", "visible"),
                   counted=it["type"] != "manual", pending=it["type"] != "manual",
                   output="not graded yet: the grader stopped before this item")
            for it in rubric["items"]]


class Grader:
    def __init__(self, rubric: dict, ws: Workspace, sandbox: Sandbox, test_timeout: float | None = None,
                 budget: float | None = None, skip_race: bool = False, skip_performance: bool = False,
                 only: str | None = None, batch_lock: str | None = None, integrity_gate: bool = True,
                 previous: dict | None = None):
        self.r, self.ws, self.sb = rubric, ws, sandbox
        self.test_timeout = test_timeout
        self.budget = budget or float(rubric.get("budget_s", 540))
        self.skip_race = skip_race
        self.skip_performance = skip_performance
        self.only = only  # "performance": grade only those items (the others are not counted)
        self.batch_lock = batch_lock  # in a parallel batch: performance items run alone (autograder.batch)
        self.integrity_gate = integrity_gate  # off only in the grader's tests of the sandbox behind it
        self.previous = previous  # an earlier results.json: grade only what was pending there (--only-pending)
        self.todo: set[str] | None = None

    def grade(self, sub: Path, results_path: Path | None) -> Grade:
        g = self.start(results_path)
        try:
            with batch_turn(self.batch_lock, alone=False):
                self.take(sub, g)
                self.gate_sources(g)
                build_ok, build_err = self.build(g)
                tsan_ok, tsan_err, tsan_ran = self.build_tsan()
                if self.gate_objects(g):  # a refused file is its stub now: build again
                    build_ok, build_err = self.build(g)
                    tsan_ok, tsan_err, tsan_ran = self.build_tsan()
            self.run_items(g, build_ok, build_err, tsan_ok, tsan_err, tsan_ran, results_path)
            changed = [rel for rel in self.ws.changed() if rel not in self.r["files"]]
            if changed:
                g.notes.append("WARNING: the submission changed grader files (restored before the next submission): "
                               + ", ".join(changed[:10]))
                log(g.notes[-1])
        finally:
            self.ws.restore()  # still under the lock: the next grader finds the pristine release
        return g

    # 0. a valid results.json exists from the first second on
    def start(self, results_path: Path | None) -> Grade:
        g = Grade(self.r["assignment"])
        g.results = initial_results(self.r)
        if self.previous is not None:
            self.todo = take_over(g.results, self.previous)
            g.notes.append("re-graded only the items pending re-measurement: "
                           + (", ".join(sorted(self.todo)) or "none") + "; the others as graded before")
        if results_path:
            write_json(results_path, g.gradescope())
        note = self.sb.note()
        if note:
            g.notes.append(note)
        return g

    # 1. pristine workspace + the submission's exercise files only
    def take(self, sub: Path, g: Grade) -> None:
        restored = self.ws.restore()
        if restored:
            log(f"restored {len(restored)} workspace files")
        t = take(sub, self.r, self.ws.release)
        for rel, data in t.files.items():
            self.ws.put(rel, data)
        self.taken = list(t.files)
        g.notes += t.notes
        attach_all(self.r, g.results, sub)  # read from the submission, never put in the workspace nor run

    # 1b. the integrity gate (gate.py): what a file may include, contain and call
    def use_stub(self, g: Grade, rel: str, why: str) -> None:
        """A submitted file that cannot be graded as it is: the release's stub in its place."""
        self.ws.put(rel, (self.ws.release / rel).read_bytes())
        self.taken.remove(rel)
        g.notes.append(f"{rel} {why}")
        log(g.notes[-1])

    def refuse(self, g: Grade, rel: str, problems: list[str]) -> None:
        self.use_stub(g, rel, "was refused by the integrity check: graded with the release's stub in its place "
                              "(its items score 0): " + "; ".join(problems))

    def gate_sources(self, g: Grade) -> None:
        """Before anything of the submission is compiled: its includes and its tokens."""
        if not self.integrity_gate:
            g.notes.append("the integrity check is off (--no-integrity-gate): a test of the sandbox")
            return
        problems: dict[str, list[str]] = {rel: [] for rel in self.taken}
        flags: dict[str, list[str]] = {rel: [] for rel in self.taken}
        for build in self.ws.compiled_builds():  # a file refused in one build is not checked in the next
            stubs = {rel: (self.ws.release / rel).read_bytes() for rel in self.taken if not problems[rel]}
            for rel, fc in gate.check_sources(self.ws, build, stubs).items():
                problems[rel] += [p for p in fc.problems if p not in problems[rel]]
                flags[rel] += [f for f in fc.review if f not in flags[rel]]
        for rel in list(self.taken):
            if problems[rel]:
                self.refuse(g, rel, problems[rel])
            elif flags[rel]:
                g.review.append(f"{rel}: uses {', '.join(flags[rel])} (what an attack on the test's own memory"
                                " or the C library would need): look at it by hand")
        if g.review:
            g.notes.append("for the instructor's review: " + "; ".join(g.review))

    def gate_objects(self, g: Grade) -> bool:
        """After the builds: every object made from a submitted file. True if one was refused."""
        if not self.integrity_gate:
            return False
        found = gate.check_objects(self.ws, self.ws.compiled_builds(), {rel: (self.ws.src / rel).stat().st_mtime for rel in self.taken})
        for rel, problems in found.items():
            if problems:
                self.refuse(g, rel, problems)
        return any(found.values())

    # 2. build; a file that does not compile is replaced by its release stub, so
    # the other exercises are still graded
    def build(self, g: Grade) -> tuple[dict[str, bool], str]:
        targets = self.ws.targets(False)
        logp = self.ws.ws / "submission-build.log"
        ok, out = self.ws.build_targets(self.ws.build, targets, logp)
        if ok:
            return {t: True for t in targets}, ""
        err = "does not compile:\n" + tail(compiler_errors(out), 3000)
        broken = []
        for rel in list(self.taken):
            fine, msg = self.ws.compiles(self.ws.build, rel)
            if not fine:
                broken.append(rel)
                self.use_stub(g, rel, "does not compile: graded with the release's stub in its place "
                                      f"(its items score 0):\n{tail(compiler_errors(msg), 1500)}")
        self.stubbed = broken
        if broken:
            ok, out = self.ws.build_targets(self.ws.build, targets, logp)
            if ok:
                return {t: True for t in targets}, ""
            err = "does not compile:\n" + tail(compiler_errors(out), 3000)
        # still broken (a link error?): find which targets build, for partial credit
        return {t: self.ws.build_targets(self.ws.build, [t], self.ws.ws / f"build-{t}.log")[0] for t in targets}, err

    def build_tsan(self) -> tuple[bool, str, bool]:
        if not any(it["type"] == "race" for it in self.r["items"]):
            return False, "", False
        if self.skip_race or self.only == "performance":
            return False, "race check skipped (--skip-race)", False
        if not self.ws.tsan_available() or not (self.ws.tsan / "CMakeCache.txt").exists():
            return False, ("race check not run on this grader (needs clang++-14 and a TSan workspace: "
                           "prepare the workspace without --skip-race)"), False
        ok, out = self.ws.build_targets(self.ws.tsan, self.ws.targets(True), self.ws.ws / "submission-tsan.log")
        return ok, "" if ok else "does not compile (TSan build):\n" + tail(compiler_errors(out), 3000), True

    # 3. the items, each its own sandboxed process, in rubric order
    def run_items(self, g: Grade, build_ok: dict, build_err: str, tsan_ok: bool, tsan_err: str, tsan_ran: bool,
                  results_path: Path | None) -> None:
        deadline = g.started + self.budget
        self.sb.deadline = deadline  # no run outlasts the budget, however busy the machine
        passed = {r.name for r in g.results if r.status == "passed"}  # graded before (--only-pending)
        shutil.rmtree(self.ws.runs, ignore_errors=True)  # the last submission's run folders
        self.ws.runs.mkdir(exist_ok=True)
        self.ws.runs.chmod(0o755)
        for it, res in zip(self.r["items"], g.results):
            if it["type"] == "manual" or (self.todo is not None and it["name"] not in self.todo):
                continue  # manual: its output (the analysis) was attached; not in todo: graded before
            remaining = deadline - time.monotonic()
            timeout = float(it.get("timeout_s", self.r["limits"]["test_timeout_s"]))
            if self.test_timeout and it["type"] != "performance":  # a benchmark keeps its own limit, per run
                timeout = min(timeout, self.test_timeout)
            if remaining < 3:
                res.output = "not run yet: the grader's time budget was spent before this item"
                continue  # still pending: grade it again (--only-pending)
            timeout = min(timeout, remaining - 2)
            skip = self.skip_reason(it, build_ok, build_err, tsan_ok, tsan_err, tsan_ran, passed)
            waiting = [n for n in it.get("requires") or [] if n in {r.name for r in g.pending}]
            res.pending = bool(waiting) and skip is not None and skip[1].startswith(NEEDS)
            if res.pending:  # what it needs was not measured: it waits with it
                res.output = "not run yet: it needs " + ", ".join(f"'{n}'" for n in waiting) + \
                    ", which is pending re-measurement"
                continue
            if skip is not None:
                res.counted = res.counted and not skip[0]
                res.output = skip[1]
                continue
            try:
                with batch_turn(self.batch_lock, alone=it["type"] == "performance"):
                    if it["type"] == "performance":
                        items.run_performance(self.ws, self.sb, self.r, it, res, timeout, g)
                    else:
                        items.run_catch2(self.ws, self.sb, self.r, it, res, timeout)
            except Exception as e:  # the grader itself must not die on one item
                res.score, res.output = 0.0, f"grader error on this item: {e!r}"
            if res.score >= res.max_score:
                passed.add(it["name"])
            if results_path:
                write_json(results_path, g.gradescope())

    def skip_reason(self, it, build_ok, build_err, tsan_ok, tsan_err, tsan_ran, passed) -> tuple[bool, str] | None:
        """(not counted?, why) for an item that is not run, else None."""
        if self.only and it["type"] != self.only:
            return True, f"not graded here (only {self.only} items) - not counted in the score"
        if it["type"] == "race":
            if not tsan_ran:
                return True, tsan_err + " - not counted in the score"
            if not tsan_ok:
                return False, tsan_err
        elif it["type"] == "performance" and self.skip_performance:  # (its driver is not even built)
            return True, "performance not graded here (--skip-performance) - not counted in the score"
        elif not build_ok.get(exe_name(it), False):
            return False, build_err or f"{exe_name(it)} does not build"
        need = [] if self.only else [n for n in it.get("requires") or [] if n not in passed]
        if need:
            return False, NEEDS + ", ".join(f"'{n}'" for n in need)
        return None
