"""Make the student release of parlab: the same tree, the same build, no solutions.

    tools/make_release.py --out dist/parlab-student                 # every module
    tools/make_release.py --out dist/week3 --modules 01,02,03       # some modules
    tools/make_release.py --out DIR --modules 01 --others strip     # keep the rest, stripped

Every solution region (// BEGIN SOLUTION ... // END SOLUTION, or # in CMake,
shell, Python and Makefiles) is deleted and its student block un-commented
(parlab/release/markers.py). Left out always: .git and other VCS metadata,
build/, results/, grading/ (rubrics, autograder), tests/grading/ (the grader's
own tests), docs/instructor/ (notes, sample answers, the course plan) and these
release tools. In Markdown files, <!-- BEGIN INSTRUCTOR --> ... <!-- END INSTRUCTOR -->
regions (measured figures the student predicts) are deleted. Modules not chosen with --modules are left
out entirely (modules/NN-*, tests/NN-*, slurm/NN-*, slurm/jobs/NN-*) unless --others strip keeps
them with their solutions stripped; 00 (common tests) is always kept, and so is every module a
chosen one needs (module.json "needs": 06 links 05), as stubs, said, and not assigned. If the
grading/ folder is present, the GitHub Classroom workflow for the chosen modules
is generated into .github/workflows/classroom.yml.

Afterwards run tools/check_release.py SOURCE RELEASE (make student does both).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from .. import REPO, manifest
from ..classroom_build import STUBS
from .markers import MarkerError, is_code_file, is_instructor_file, strip_instructor, strip_text

ALWAYS_EXCLUDED_DIRS = {".git", ".hg", ".svn", "build", "results", "dist", "grading", ".github",
                        ".gl", ".whl", ".device", "__pycache__", ".cache", ".vscode", ".idea"}
# The release tools: their entry points and their code (tools/parlab/release); the solution
# sizes (tools/exercise_sizes.py reads the solutions, which a release does not hold).
# docs/instructor: the instructor's notes, sample answers and course plan.
EXCLUDED_PATHS = {"tests/grading", "tools/make_release.py", "tools/check_release.py", "tools/parlab/release",
                  "tools/release_readme.md", "docs/instructor", "tools/exercise_sizes.py",
                  "tools/parlab/exercise_sizes.py", "tests/tools/test_exercise_sizes.py"}
EXCLUDED_NAMES = {".gitmodules", ".git", ".DS_Store"}
MARKER = ".parlab-release"  # a release made by this tool; what it wrote (write_marker)
MODULE_PARENTS = {"modules", "tests", "slurm"}
MODULE_DIR = re.compile(r"^(\d\d)-[A-Za-z0-9_.-]+$")


def list_files(src: Path) -> list[str]:
    """Tracked and untracked-but-not-ignored files (git), else a walk of the tree."""
    try:
        out = subprocess.run(["git", "-C", str(src), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             check=True, capture_output=True).stdout.decode()
        files = sorted({f for f in out.split("\0") if f and (src / f).exists()})
        if files:
            return files
    except (OSError, subprocess.CalledProcessError):
        pass
    files = []
    for root, dirs, names in os.walk(src):
        rel = Path(root).relative_to(src)
        dirs[:] = sorted(d for d in dirs if not (rel == Path(".") and d in ALWAYS_EXCLUDED_DIRS) and d != ".git")
        files += [str(rel / n) if str(rel) != "." else n for n in sorted(names)]
    return files


def module_of(rel: str) -> str | None:
    parts = rel.split("/")
    if len(parts) >= 2 and parts[0] in MODULE_PARENTS:
        m = MODULE_DIR.match(parts[1])
        if m:
            return m.group(1)
    if len(parts) == 3 and parts[:2] == ["slurm", "jobs"]:  # a module's job: slurm/jobs/NN-name.sbatch
        m = MODULE_DIR.match(parts[2])
        if m:
            return m.group(1)
    return None


def excluded(rel: str) -> bool:
    parts = rel.split("/")
    if parts[0] in ALWAYS_EXCLUDED_DIRS or any(p in EXCLUDED_NAMES for p in parts):
        return True
    return any(rel == e or rel.startswith(e + "/") for e in EXCLUDED_PATHS)


def parse_modules(spec: str | None) -> set[str] | None:
    if not spec or spec == "all":
        return None
    mods = set()
    for tok in spec.split(","):
        tok = tok.strip()
        m = re.match(r"^(\d{1,2})(-.*)?$", tok)
        if not m:
            raise SystemExit(f"make_release: --modules: '{tok}' is not a module number (e.g. --modules 01,03)")
        mods.add(f"{int(m.group(1)):02d}")
    return mods


def write_student_loop(src: Path, out: Path, chosen: list[str], assigned: set[str] | None) -> None:
    """The student's README (tools/release_readme.md: the commands, the modules held) in
    place of the instructor's, and assigned-modules.txt, which `make test` reads."""
    if assigned and assigned - set(chosen):
        raise SystemExit(f"make_release: --assigned: {', '.join(sorted(assigned - set(chosen)))} not in the release")
    asked = [m for m in chosen if assigned is None or m in assigned]
    lines = []
    for d in sorted((out / "modules").glob("[0-9][0-9]-*")):
        if d.name[:2] in chosen:
            readme = d / "README.md"
            title = readme.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip() if readme.exists() else d.name
            lines.append(f"- [{title}](modules/{d.name}/README.md)")
    text = (src / "tools" / "release_readme.md").read_text(encoding="utf-8")
    text = text.replace("@MODULES@", "\n".join(lines) or "(none)").replace("@ASSIGNED@", ", ".join(asked) or "none")
    (out / "README.md").write_text(text, encoding="utf-8")
    (out / "assigned-modules.txt").write_text(
        "# The modules your instructor asked for: `make test` exits 0 when all of them are done.\n"
        "# (make test MODULE=NN checks one module; its verdict does not depend on this list.)\n"
        + "\n".join(asked) + "\n", encoding="utf-8")


def write_marker(out: Path, chosen: list[str], others: str) -> None:
    """.parlab-release: what this release is, and the sha256 of every file it wrote, so that
    the grader tells a student's own changes from what the student received
    (grading/autograder/submission.py), whichever modules that release held."""
    files = sorted(p for p in out.rglob("*") if p.is_file() and not p.is_symlink())
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(out).as_posix()}" for p in files]
    (out / MARKER).write_text(
        "parlab student release\nmodules: " + ",".join(chosen) + f"\nothers: {others}\n"
        "files as released (sha256):\n" + "".join(line + "\n" for line in lines))


def keep_stubs(out: Path, chosen: list[str]) -> None:
    """A copy of every exercise file as released (its stub) for the Classroom build
    (tools/classroom_build.py), which builds a file that does not compile as its stub."""
    for d in manifest.module_dirs(out):
        if d.name[:2] in chosen and (d / "module.json").is_file():
            for e in manifest.load(d)["exercises"]:
                rel = (d / e["file"]).relative_to(out)
                dst = out / STUBS / rel
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(out / rel, dst)


def bring_needs(src: Path, modules: set[str], quiet: bool) -> set[str]:
    """The chosen modules and those they build on (the manifests' "needs": 06 links 05)."""
    try:
        have = {d.name[:2] for d in manifest.module_dirs(src)}
        full = manifest.with_needs(modules & have, src) | modules
    except manifest.ManifestError as e:
        raise SystemExit(f"make_release: a chosen module needs one this tree does not have: {e}")
    if full != modules and not quiet:
        for nn in sorted(modules & have):
            brought = sorted(manifest.with_needs({nn}, src) - modules)
            if brought:
                names = ", ".join(manifest.find(b, src).name for b in brought)
                print(f"release: {manifest.find(nn, src).name} builds on {names}: added to the release "
                      "(its exercises as stubs; not in assigned-modules.txt unless --assigned names it)")
    return full


def make_release(src: Path, out: Path, modules: set[str] | None, others: str, quiet: bool = False,
                 assigned: set[str] | None = None) -> dict:
    src, out = src.resolve(), out.resolve()
    asked_for = set(modules or ())
    if out == src or src in out.parents and not str(out.relative_to(src)).split("/")[0] in ALWAYS_EXCLUDED_DIRS:
        raise SystemExit(f"make_release: --out {out} must be outside the source tree (or under build/ or dist/)")
    if out.exists():
        if not (out / MARKER).exists() and any(out.iterdir()):
            raise SystemExit(f"make_release: {out} exists and is not a release made by this tool; choose an empty folder")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    present = sorted({m for f in list_files(src) if (m := module_of(f))})
    if modules is not None:
        unknown = modules - set(present) - {"00"}
        if unknown:
            raise SystemExit(f"make_release: --modules: no module {', '.join(sorted(unknown))} in {src} (have {', '.join(present)})")
        modules = bring_needs(src, modules, quiet)
        if assigned is None:  # the modules brought along are not the assignment
            assigned = set(modules) & asked_for
    kept, stripped_files, regions, dropped = 0, 0, 0, set()
    errors = []
    for rel in list_files(src):
        if excluded(rel):
            continue
        mod = module_of(rel)
        chosen = mod is None or mod == "00" or modules is None or mod in modules
        if not chosen and others == "drop":
            dropped.add("/".join(rel.split("/")[:3 if rel.startswith("slurm/jobs/") else 2]))
            continue
        s, d = src / rel, out / rel
        if s.is_symlink() or not s.is_file():
            continue
        d.parent.mkdir(parents=True, exist_ok=True)
        data = s.read_bytes()
        if is_code_file(s):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            if text is not None:
                try:
                    r = strip_text(text, rel)
                except MarkerError as e:
                    errors.append(str(e))
                    continue
                if r.regions:
                    stripped_files += 1
                    regions += r.regions
                    data = r.text.encode("utf-8")
        elif is_instructor_file(s):
            try:
                text, gone = strip_instructor(data.decode("utf-8"), rel)
            except MarkerError as e:
                errors.append(str(e))
                continue
            except UnicodeDecodeError:
                gone = 0
            if gone:
                data = text.encode("utf-8")
        d.write_bytes(data)
        d.chmod(stat.S_IMODE(s.stat().st_mode))
        kept += 1
    if errors:
        shutil.rmtree(out)
        raise SystemExit("make_release: malformed markers, no release written:\n  " + "\n  ".join(errors))
    chosen_mods = sorted(set(present) if modules is None else (modules & set(present)))
    if (src / "tools" / "release_readme.md").exists():
        write_student_loop(src, out, chosen_mods, assigned)
    classroom = src / "grading" / "classroom.py"
    if classroom.exists():
        keep_stubs(out, chosen_mods)
        graded = [m for m in chosen_mods if assigned is None or m in assigned]  # the assignments it grades
        subprocess.run([sys.executable, str(classroom), "--source", str(src), "--modules", ",".join(graded),
                        "--out", str(out / ".github" / "workflows" / "classroom.yml")], check=True,
                       stdout=subprocess.DEVNULL if quiet else None)
    write_marker(out, chosen_mods, others)
    if not quiet:
        print(f"release: {out}")
        print(f"  {kept} files, {regions} solution regions stripped in {stripped_files} files; modules {','.join(chosen_mods) or '-'}")
        if dropped:
            print(f"  left out (not chosen): {', '.join(sorted(dropped))}")
    return {"files": kept, "regions": regions, "modules": chosen_mods}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", default=str(REPO), help="repository root (default: this one)")
    ap.add_argument("--out", required=True, help="folder to write the release to (replaced if it is an earlier release)")
    ap.add_argument("--modules", help="comma-separated module numbers to include, e.g. 01,03 (default: all)")
    ap.add_argument("--others", choices=["drop", "strip"], default="drop",
                    help="modules not chosen: drop them (default) or keep them with solutions stripped")
    ap.add_argument("--assigned", help="modules the student is asked for now (default: those --modules names, "
                    "not the ones they need); written to assigned-modules.txt, which the release's `make test` reads")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    make_release(Path(a.source), Path(a.out), parse_modules(a.modules), a.others, a.quiet, parse_modules(a.assigned))
    return 0
