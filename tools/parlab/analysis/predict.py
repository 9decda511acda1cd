"""Predictions before measurements: `make predict MODULE=NN`.

    tools/predict.py MODULE [--dir predictions]          write the form, or seal it once filled
    tools/predict.py MODULE --check                       exit 0 only if a sealed, unchanged form exists
MODULE may name several (04,05): each in turn; the exit status is the worst.

The first run writes predictions/NN-name.md: every question of the module's REPORT.md
with its **Predict.** prompt and an empty "Your prediction:" under it. Fill in each one
(with the arithmetic), then run `make predict MODULE=NN` again: it refuses while a
prediction is empty, else it seals the form: predictions/NN-name.seal.json holds the
form's SHA-256 and the UTC time of sealing. A seal is never replaced (delete it to seal
again: the new time then shows).

`make report MODULE=NN` (tools/report.py) measures only when the seal exists and the form
still has the sealed hash; it copies both into the hand-in and prints the hash and the
time in tables.md, so a TA sees predictions that were not edited after the measurement.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from .. import manifest

ANSWER = "Your prediction:"
QUESTION = re.compile(r"^##\s+(Q\d+\b.*)$")
PREDICT = re.compile(r"^\*\*Predict\.\*\*\s*")


class NotSealed(Exception):
    pass


def prompts(report_md: str) -> list[tuple[str, str]]:
    """(question heading, its Predict paragraph) for each question of a REPORT.md."""
    out: list[tuple[str, str]] = []
    heading, para, inside = None, [], False
    for line in report_md.splitlines() + [""]:
        q = QUESTION.match(line)
        if q:
            heading, inside = q.group(1).strip(), False
            continue
        if heading and PREDICT.match(line):
            inside, para = True, [PREDICT.sub("", line)]
            continue
        if inside:
            if line.strip() and not line.startswith("**"):
                para.append(line)
                continue
            out.append((heading, " ".join(p.strip() for p in para)))
            inside, heading = False, None
    return out


def form(module: str, asked: list[tuple[str, str]]) -> str:
    lines = [f"# {module} · predictions", "",
             "Write each prediction, with its arithmetic, under its question BEFORE you measure.",
             f"Then run `make predict MODULE={module[:2]}` again to seal this file; `make report` measures",
             "only after that, and the hand-in shows this file's hash and the time it was sealed.", ""]
    for heading, prompt in asked:
        lines += [f"## {heading}", "", f"> {prompt}", "", ANSWER, "", ""]
    return "\n".join(lines)


def empty_answers(text: str) -> list[str]:
    """The questions whose answer is still blank."""
    missing, heading, answer, after = [], None, [], False

    def close():
        if heading and not "".join(answer).strip():
            missing.append(heading)

    for line in text.splitlines():
        if line.startswith("## "):
            close()
            heading, answer, after = line[3:].strip(), [], False
        elif line.strip() == ANSWER:
            after = True
        elif after:
            answer.append(line)
    close()
    return missing


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def paths(mod: Path, folder: Path) -> tuple[Path, Path]:
    return folder / f"{mod.name}.md", folder / f"{mod.name}.seal.json"


def require(mod: Path, folder: Path) -> dict:
    """The seal of mod's predictions, checked against the form; NotSealed says what to do."""
    md, seal = paths(mod, folder)
    again = f"make predict MODULE={mod.name[:2]}"
    if not md.exists():
        raise NotSealed(f"no predictions for {mod.name} yet: run `{again}`, fill in {md}, run it again to seal")
    if not seal.exists():
        raise NotSealed(f"{md} is not sealed: fill in every prediction, then run `{again}`")
    try:
        s = json.loads(seal.read_text())
        sealed_hash = s["sha256"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise NotSealed(f"{seal}: not a seal ({e}); delete it and run `{again}`")
    if digest(md) != sealed_hash:
        raise NotSealed(f"{md} changed after it was sealed at {s.get('sealed_utc')}: restore it, or delete "
                        f"{seal} and seal again (the new time will show)")
    return s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("module", nargs="+", help="module number, e.g. 01; several: 04,05")
    ap.add_argument("--dir", default="predictions", help="folder of the forms and seals (default predictions/)")
    ap.add_argument("--check", action="store_true", help="only check that a sealed, unchanged form exists")
    a = ap.parse_args(argv)
    try:
        mods = manifest.find_all(a.module)
    except manifest.ManifestError as e:
        raise SystemExit(f"predict: {e}")
    rcs = [one(mod, Path(a.dir), a.check) for mod in mods]
    return max(rcs)


def one(mod: Path, folder: Path, check: bool) -> int:
    """make predict (or, with check, make report's check) for one module."""
    md, seal = paths(mod, folder)
    if check:
        try:
            s = require(mod, folder)
        except NotSealed as e:
            print(f"report: {e}", file=sys.stderr)
            return 2
        print(f"predictions: {md} sealed {s['sealed_utc']} (sha256 {s['sha256'][:12]}...)")
        return 0
    if seal.exists():
        s = json.loads(seal.read_text())
        print(f"predict: {md} was sealed at {s.get('sealed_utc')}; a seal is not replaced (delete {seal} to seal again)")
        return 0 if digest(md) == s.get("sha256") else 1
    if not md.exists():
        asked = prompts((mod / "REPORT.md").read_text(encoding="utf-8"))
        if not asked:
            raise SystemExit(f"predict: {mod.name}/REPORT.md asks for no prediction (no '**Predict.**' under a '## Q')")
        folder.mkdir(parents=True, exist_ok=True)
        md.write_text(form(mod.name, asked), encoding="utf-8")
        print(f"predict: wrote {md} ({len(asked)} questions). Fill in each '{ANSWER}', "
              f"then run `make predict MODULE={mod.name[:2]}` again to seal it.")
        return 0
    missing = empty_answers(md.read_text(encoding="utf-8"))
    if missing:
        print(f"predict: not sealed: no prediction yet for " + "; ".join(missing), file=sys.stderr)
        return 1
    when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    seal.write_text(json.dumps({"module": mod.name, "file": md.name, "sha256": digest(md), "sealed_utc": when}, indent=1) + "\n")
    print(f"predict: sealed {md} at {when} (sha256 {digest(md)[:12]}...). Now `make report MODULE={mod.name[:2]}`.")
    return 0
