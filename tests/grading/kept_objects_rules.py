#!/usr/bin/env python3
"""The rules of the objects kept from grade to grade (grading/autograder/kept_objects.py), on a
made-up workspace (two build folders, two exercise files, objects and depfiles written by
hand; no compiler): an object is kept only for the very content it was noted with, while it
is byte for byte the one noted, and while no other object depends on its file; a copy in the
other build folder compiled from other content is deleted; an object older than its source
is never noted. The real workspace: integrity.py stale (grading:stale_binaries).
Exit 0 pass, 1 fail.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from autograder.workspace import Workspace

FILES = ["ex/a.cpp", "ex/b.cpp"]
A1, A2, STUB = b"int a() { return 1; }\n", b"int a() { return 2; }\n", b"int a() { return 0; }\n"


def fail(msg: str) -> None:
    print("FAIL: " + msg)
    sys.exit(1)


def check(cond: bool, what: str) -> None:
    if not cond:
        fail(what)
    print("ok:", what)


class Fake:
    """A workspace whose 'compiler' writes the object of a source as its content plus a tag."""

    def __init__(self, top: Path):
        self.ws = Workspace(top / "ws", top / "release", {"files": FILES, "items": []}, jobs=1)
        for b in (self.ws.build, self.ws.tsan):
            b.mkdir(parents=True)
            db = [{"directory": self.ws.inside(b), "file": self.ws.inside(self.ws.src / f),
                   "output": f"{Path(f).stem}.o", "arguments": ["c++", "-c", self.ws.inside(self.ws.src / f),
                                                                 "-o", f"{Path(f).stem}.o"]} for f in FILES]
            (b / "compile_commands.json").write_text(json.dumps(db))
        for f in FILES:
            (self.ws.src / f).parent.mkdir(parents=True, exist_ok=True)
            self.ws.put(f, STUB)

    def obj(self, build: Path, rel: str) -> Path:
        return build / f"{Path(rel).stem}.o"

    def compile(self, build: Path, rel: str) -> None:
        time.sleep(0.01)  # the object is newer than its source, as after a real compile
        o = self.obj(build, rel)
        o.write_bytes((self.ws.src / rel).read_bytes() + build.name.encode())
        o.with_name(o.name + ".d").write_text(f"{o.name}: {self.ws.inside(self.ws.src / rel)}\n")

    def build_all(self) -> None:
        for b in (self.ws.build, self.ws.tsan):
            for f in FILES:
                self.compile(b, f)
            self.ws.kept.built(b)

    def mtime(self, rel: str) -> int:
        return (self.ws.src / rel).stat().st_mtime_ns


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="parlab-kept-") as tmp:
        os.chmod(tmp, 0o755)  # reachable by the sandbox uids: the workspace stays here (Workspace.reachable)
        f = Fake(Path(tmp))
        ws, a, b = f.ws, FILES[0], FILES[1]
        f.build_all()  # the stubs, as a prepared workspace
        ws.put(a, A1)
        check(f.mtime(a) > f.obj(ws.build, a).stat().st_mtime_ns, "other content: a fresh mtime (compiled again)")
        f.build_all()
        noted = f.mtime(a)
        ws.put(a, STUB)  # restored after the grade
        ws.put(a, A1)  # the next grade, the same content
        check(f.mtime(a) == noted, "the content its objects were noted with: the mtime of that compile (kept)")
        check(all(f.obj(x, a).exists() for x in (ws.build, ws.tsan)), "both build folders keep their object")
        ws.put(a, A2)
        check(f.mtime(a) > noted, "content never compiled: a fresh mtime")
        ws.put(a, A1)
        # The release build's object changed after it was noted, size and mtime put back.
        o = f.obj(ws.build, a)
        st, data = o.stat(), o.read_bytes()
        o.write_bytes(data.replace(b"1", b"7"))
        os.utime(o, ns=(st.st_atime_ns, st.st_mtime_ns))
        ws.put(a, STUB)
        ws.put(a, A1)
        check(f.mtime(a) == noted and not o.exists() and f.obj(ws.tsan, a).exists(),
              "an object changed since it was noted (same size and mtime) is deleted; the other build's is kept")
        f.compile(ws.build, a)
        ws.kept.built(ws.build)
        # The TSan build compiled other content (A2) since: its object is deleted, the release build's kept.
        ws.put(a, A2)
        f.compile(ws.tsan, a)
        ws.kept.built(ws.tsan)
        ws.put(a, A1)
        check(not f.obj(ws.tsan, a).exists() and f.obj(ws.build, a).exists() and f.mtime(a) < o.stat().st_mtime_ns,
              "the other build's object of other content is deleted (that build compiles it again)")
        f.build_all()
        # b's object names a.cpp in its depfile (b includes a): a is never kept.
        d = f.obj(ws.build, b).with_name("b.o.d")
        d.write_text(d.read_text().rstrip() + f" \\\n {ws.inside(ws.src / a)}\n")
        ws.kept.built(ws.build)
        noted = f.mtime(a)
        ws.put(a, STUB)
        ws.put(a, A1)
        check(f.mtime(a) > noted, "a file another object depends on: a fresh mtime, never kept")
        d.write_text(f"b.o: {ws.inside(ws.src / b)}\n")
        # An object older than its source was not compiled from it: not noted.
        f.build_all()
        ws.put(b, A2)
        ws.kept.built(ws.build)  # a build that did not compile b (a target this grade skipped)
        ws.put(b, STUB)
        ws.put(b, A2)
        check(f.obj(ws.build, b).exists() and f.obj(ws.tsan, b).exists()
              and f.mtime(b) > f.obj(ws.build, b).stat().st_mtime_ns,
              "an object older than its source is never noted (nothing kept, nothing deleted)")
        # A file that is not an exercise file is never kept.
        check(ws.kept.mtime_for("CMakeLists.txt", b"") is None, "not an exercise file: never kept")
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
