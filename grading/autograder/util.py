"""Small helpers every part of the grader uses."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from pathlib import Path

OUTPUT_TAIL = 2500


def log(msg: str) -> None:
    print(f"[grade] {msg}", file=sys.stderr, flush=True)


def tail(text: str, n: int = OUTPUT_TAIL) -> str:
    text = text.replace("\0", "")
    return text if len(text) <= n else "...(earlier output cut)...\n" + text[-n:]


def read_tail(path: Path, n: int = OUTPUT_TAIL) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - n))
            data = f.read().decode("utf-8", errors="replace")
        return ("...(earlier output cut)...\n" if size > n else "") + data
    except OSError:
        return ""


# The lines that say why a program failed, most telling first: an MPI error class with
# its text, a failed validation or test, an error message (not "|error|" in a validation
# line), an uncaught exception, an MPI abort, and last which process died of what.
CAUSES = [re.compile(p) for p in (
    r"MPI_ERR_[A-Z_]+",
    r"ORTE_ERROR_LOG|PMIX_ERROR",  # Open MPI's runtime, when it could not relay the error itself
    r"does not validate|did not validate|Solution FAILS|FAILED|[Aa]ssertion .*failed",
    r"(^|[\s\[(])(error|ERROR|Error)\b",
    r"what\(\):",
    r"terminate called|[Ee]xception",
    r"MPI_ABORT was invoked|Fatal error in P?MPI_",
    r"mpirun noticed that process|exited on signal|Segmentation fault|Killed",
)]


def cause_line(path: Path, limit: int = 8 << 20) -> str:
    """The first line of a program's output (up to `limit` bytes read) that says why it
    failed, by the order of CAUSES; "" when none does."""
    try:
        with open(path, "rb") as f:
            lines = f.read(limit).decode("utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for pattern in CAUSES:
        for line in lines:
            if pattern.search(line):
                return line.strip()[:300]
    return ""


def file_hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def tree_hash(root: Path) -> str:
    return hashlib.sha256(json.dumps(file_hashes(root), sort_keys=True).encode()).hexdigest()


def is_root() -> bool:
    return os.geteuid() == 0


def have(cmd: str) -> bool:
    return shutil.which(cmd) is not None


def write_json(path: Path, data: dict, indent: int | None = 2) -> None:
    """Atomic: a reader (Gradescope, a test) never sees half a file. indent None: compact
    (the grader's own records)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=indent))
    os.replace(tmp, path)


def read_json(path: Path) -> dict:
    """A JSON object from `path`, or {} where there is none (no file, not JSON, not an object)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
