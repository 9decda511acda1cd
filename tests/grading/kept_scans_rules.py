#!/usr/bin/env python3
"""The rules of the integrity gate's scans kept from grade to grade (grading/autograder/
kept_scans.py), on a made-up workspace compiled here with g++ (no sandbox view): the same
content under the same command is not preprocessed again; other content, a header it read
that changed, a header added where the compiler looks, another command or another compiler
state, or other gate code are; the include check and the verdict are judged anew on a kept
scan (a refused file is refused again). Exit 0 pass, 1 fail.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from autograder import gate, kept_scans
from autograder.workspace import Workspace

REL = "ex/a.cpp"
HONEST = b'#include "h.hpp"\n#include <vector>\nnamespace parlab { int a() { return std::vector<int>(H).size(); } }\n'
HOSTILE = b'#include "h.hpp"\nnamespace parlab { int a() { asm volatile("nop"); return H; } }\n'


def fail(msg: str) -> None:
    print("FAIL: " + msg)
    sys.exit(1)


class Fake:
    def __init__(self, top: Path):
        self.ws = Workspace(top / "ws", top / "release", {"files": [REL], "items": [], "limits": {"build_timeout_s": 60}},
                            jobs=1)
        self.ws.viewed = False  # the compiler runs here, on the host's paths
        self.inc = self.ws.src / "given"
        self.inc.mkdir(parents=True)
        (self.ws.src / "ex").mkdir()
        (self.inc / "h.hpp").write_text("#define H 3\n")
        self.ws.build.mkdir(parents=True)
        self.args(["g++", "-std=c++20", f"-I{self.inc}"])
        self.runs = 0
        real = self.ws.builder_output

        def counted(build, args, cwd):
            self.runs += 1
            return real(build, args, cwd)
        self.ws.builder_output = counted

    def args(self, args: list[str]) -> None:
        db = [{"directory": str(self.ws.build), "file": str(self.ws.src / REL), "output": "a.o",
               "arguments": args + ["-c", str(self.ws.src / REL), "-o", "a.o"]}]
        (self.ws.build / "compile_commands.json").write_text(json.dumps(db))
        time.sleep(0.01)  # a rewritten compile_commands.json is read again (its mtime)

    def check(self, content: bytes) -> tuple[int, list[str]]:
        """(compiler runs, problems) of one gate check of `content`, as the grader does it."""
        self.ws.put(REL, content)
        before = self.runs
        fc = gate.check_sources(self.ws, self.ws.build, {REL: None})[REL]
        return self.runs - before, fc.problems


def expect(label: str, got: tuple[int, list[str]], runs: int, refused: bool) -> None:
    ok = got[0] == runs and bool(got[1]) == refused
    print(f"{'ok  ' if ok else 'FAIL'} {label}: {got[0]} compiler run(s), {'refused' if got[1] else 'passes'}")
    if not ok:
        fail(f"{label}: expected {runs} compiler run(s) and {'a refusal' if refused else 'no problem'}, got {got}")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="parlab-scans-") as tmp:
        os.chmod(tmp, 0o755)  # reachable by the sandbox uids: the workspace stays here (Workspace.reachable)
        f = Fake(Path(tmp))
        expect("first scan", f.check(HONEST), 1, False)
        expect("the same content again: kept", f.check(HONEST), 0, False)
        expect("other content", f.check(HONEST + b"// changed\n"), 1, False)
        expect("back to the first content: the last scan is the one kept", f.check(HONEST), 1, False)
        expect("kept", f.check(HONEST), 0, False)
        h = f.inc / "h.hpp"
        h.write_text("#define H 4\n")
        expect("a header it read changed", f.check(HONEST), 1, False)
        expect("kept", f.check(HONEST), 0, False)
        (f.inc / "vector").write_text("#error a header that would now be found first\n")
        got = f.check(HONEST)
        (f.inc / "vector").unlink()
        if got[0] != 1:
            fail(f"a header added to a folder named by -I did not make the file be preprocessed again: {got}")
        print("ok   a header added where the compiler looks: preprocessed again")
        f.check(HONEST)
        (f.ws.src / "ex" / "h.hpp").write_text("#define H 5\n")  # "h.hpp" is looked for beside the file first
        got = f.check(HONEST)
        (f.ws.src / "ex" / "h.hpp").unlink()
        if got[0] != 1:
            fail(f"a header added beside the file did not make it be preprocessed again: {got}")
        print("ok   a header added beside the file: preprocessed again")
        f.check(HONEST)
        f.args(["g++", "-std=c++20", "-O2", f"-I{f.inc}"])
        expect("another compile command", f.check(HONEST), 1, False)
        expect("kept", f.check(HONEST), 0, False)
        roots = gate.SYSTEM_ROOTS
        gate.SYSTEM_ROOTS = []  # a grader that allows no system header: the kept scan is judged anew
        try:
            expect("the include check with other allowed folders, on a kept scan", f.check(HONEST), 0, True)
        finally:
            gate.SYSTEM_ROOTS = roots
        code = kept_scans.CODE
        kept_scans.CODE = "other gate code"  # a grader upgraded in place
        try:
            expect("a scan made by other gate code", f.check(HONEST), 1, False)
        finally:
            kept_scans.CODE = code
        expect("a refused file", f.check(HOSTILE), 1, True)
        expect("the same refused file again: its kept scan refused again", f.check(HOSTILE), 0, True)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
