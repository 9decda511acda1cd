"""Objects kept from one grade to the next: an exercise file put in place with the very
content its objects were last compiled from keeps those objects, instead of a fresh mtime
that makes the build compile it again (the reference, graded by case after case; the stubs
a batch's students left untouched).

Why a kept object is the one a compile would make now:
  - only the grader (this module, under the workspace lock) writes the record, WS/.objects.json,
    beside the build folders, never in them; it notes an object after a build that succeeded,
    when the object is newer than its source: compiled from the source's content then;
  - an object is kept only while it is byte for byte the one noted (its sha-256, not only its
    mtime and size) and only if no other object depends on the file (the compiler's depfiles):
    make then needs the source's mtime alone, set back to what it was at that compile;
  - an object of the same file in another build folder (the TSan build) that was compiled from
    other content is deleted, so that build compiles it again.
The build folders hold what the build uid's compiler wrote, which no submission's code runs
as (workspace.NO_DISCOVERY); make already trusts them for every given file.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .util import read_json, write_json

RECORD = ".objects.json"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class KeptObjects:
    def __init__(self, ws):
        self.ws = ws
        self.path = ws.ws / RECORD
        self._users: dict[str, set[Path]] | None = None  # source in the views -> objects whose depfile names it

    def _load(self) -> dict:
        return read_json(self.path)

    def _save(self, rec: dict) -> None:
        write_json(self.path, rec, indent=None)

    def _key(self, obj: Path) -> str:
        return obj.relative_to(self.ws.ws).as_posix()

    def built(self, build: Path) -> None:
        """After a build of `build` that succeeded: every exercise object compiled since its
        source was put in place is noted with the source's content."""
        self._users = None
        rec = self._load()
        for rel in self.ws.rubric["files"]:
            src = self.ws.src / rel
            try:
                st, content = src.stat(), src.read_bytes()
            except OSError:
                continue
            for _, _, obj in self.ws.compile_entries(build, rel):
                if obj is None:
                    continue
                try:
                    ost = obj.stat()
                except OSError:  # not built: nothing of it to keep
                    rec.pop(self._key(obj), None)
                    continue
                if ost.st_mtime_ns >= st.st_mtime_ns:
                    rec[self._key(obj)] = {"source": _sha(content), "source_mtime_ns": st.st_mtime_ns,
                                           "object": _sha(obj.read_bytes()), "stat": [ost.st_mtime_ns, ost.st_size]}
        self._save(rec)

    def _depfile_users(self) -> dict[str, set[Path]] | None:
        """Which objects depend on which sources (the compiler's depfiles, OBJ.d), or None
        when an object has none to tell."""
        if self._users is not None:
            return self._users
        users: dict[str, set[Path]] = {}
        for build in self.ws.compiled_builds():
            for _, _, _, obj in self.ws._compile_db(build):
                if obj is None or not obj.exists():
                    continue
                try:
                    text = obj.with_name(obj.name + ".d").read_text(errors="replace")
                except OSError:
                    return None
                for tok in text.replace("\\\n", " ").split():
                    users.setdefault(tok.rstrip(":"), set()).add(obj)
        self._users = users
        return users

    def mtime_for(self, rel: str, data: bytes) -> int | None:
        """The mtime (ns) that `rel`, now holding `data`, can keep its objects with, or None
        (a fresh mtime: compiled again). Deletes a same-file object compiled from other content."""
        if rel not in self.ws.rubric["files"]:
            return None
        own = [obj for b in self.ws.compiled_builds() for _, _, obj in self.ws.compile_entries(b, rel) if obj is not None]
        users = self._depfile_users()
        if not own or users is None or users.get(os.path.normpath(self.ws.inside(self.ws.src / rel)), set()) - set(own):
            return None
        rec, want, kept, other = self._load(), _sha(data), [], []
        for obj in own:
            r = rec.get(self._key(obj))
            try:
                ost = obj.stat()
                same = (r is not None and r["source"] == want and [ost.st_mtime_ns, ost.st_size] == r["stat"]
                        and _sha(obj.read_bytes()) == r["object"])
            except (OSError, KeyError, TypeError):
                same = False
            (kept if same else other).append((obj, r))
        if not kept:
            return None
        for obj, _ in other:  # another build folder's copy of other content: that build compiles it
            obj.unlink(missing_ok=True)
            self._users = None
        return min(r["source_mtime_ns"] for _, r in kept)
