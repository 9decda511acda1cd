"""The integrity gate's scan of a file (gate.scan_source: the files its -E read, their
include problems, the file's own tokens) kept from one grade to the next: a file put in
place again with the same content is not preprocessed again while nothing it read changed
(the reference graded case after case; the stubs a batch's students left untouched).

Why a kept scan is the one the compiler would give now:
  - the scan depends only on the file's content, the exact compile command, the compiler,
    the files the preprocessor read and where it looked for them; the record, WS/.scans.json
    (the grader's, beside the build folders), holds the content's sha-256 and the command in
    its key, and the size and mtime of the compiler, of every file read and of every folder
    they lie in, of the file's own folder and of those the command names with -I (a header
    added to one changes its mtime);
  - only the grader writes those folders' release files (restored with a fresh mtime when they
    differ), the build uid's compiler and CMake the build folder, root the system;
  - only the scan is kept (the files read, the own tokens), never a verdict: the include check
    and gate.judge_source run anew each grade; a scan made by other gate code is not kept.
One scan per (build folder, file): the one of the content graded last.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from shutil import which

from .util import read_json, write_json

RECORD = ".scans.json"
# A scan made by other gate code (a grader upgraded in place) is not kept.
CODE = hashlib.sha256(Path(__file__).with_name("gate.py").read_bytes() + Path(__file__).read_bytes()).hexdigest()


def _stat(p: str) -> list[int] | None:
    try:
        st = os.stat(p)
        return [st.st_mtime_ns, st.st_size]
    except OSError:
        return None


class KeptScans:
    def __init__(self, ws):
        self.ws = ws
        self.path = ws.ws / RECORD
        self._rec: dict | None = None
        self._lock = threading.Lock()  # the scans of a submission's files run side by side

    def load(self) -> None:
        self._rec = read_json(self.path)

    def save(self) -> None:
        if self._rec is not None:
            write_json(self.path, self._rec, indent=None)

    def _slot(self, build: Path, rel: str, args: list[str], cwd: str) -> str:
        return json.dumps([build.name, rel, args, cwd])

    def _watched(self, args: list[str], cwd: str, files: list[str], own: str) -> dict[str, list[int] | None]:
        """The host paths whose size and mtime the scan depends on (the file itself aside:
        its content is in the key)."""
        host = lambda p: str(self.ws.outside(os.path.normpath(os.path.join(cwd, p))))  # noqa: E731
        paths = {host(f) for f in files if os.path.normpath(f) != own}
        paths |= {os.path.dirname(p) for p in paths} | {os.path.dirname(host(own))}  # "x.h" looks beside it first
        paths |= {host(a[2:]) for a in args if a.startswith("-I") and len(a) > 2}
        paths |= {host(b) for a, b in zip(args, args[1:]) if a in ("-I", "-isystem", "-iquote", "-idirafter")}
        paths.add("/usr/local/include")
        compiler = args[0] if os.path.isabs(args[0]) else which(args[0])
        if compiler:
            paths.add(str(Path(compiler).resolve()))
        return {p: _stat(p) for p in sorted(paths)}

    def get(self, build: Path, rel: str, args: list[str], cwd: str, content: bytes) -> dict | None:
        """The kept scan of this content under this command, if nothing it read changed."""
        with self._lock:
            if self._rec is None:
                self.load()
            r = self._rec.get(self._slot(build, rel, args, cwd))
        if not r or r.get("content") != hashlib.sha256(content).hexdigest() or r.get("code") != CODE:
            return None
        if any(_stat(p) != s for p, s in r["watched"].items()):
            return None
        return r["scan"]

    def put(self, build: Path, rel: str, args: list[str], cwd: str, content: bytes, files: list[str],
            own: str, scan: dict) -> None:
        watched = self._watched(args, cwd, files, own)
        with self._lock:
            if self._rec is None:
                self.load()
            self._rec[self._slot(build, rel, args, cwd)] = {
                "content": hashlib.sha256(content).hexdigest(), "code": CODE, "watched": watched, "scan": scan}
