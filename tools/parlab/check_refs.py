"""tools/check_refs.py [ROOT] - every file the project's docs and comments point at exists.

Scans the Markdown files and the comments of the sources, scripts and CMake files (not the
tests' fixtures, which name files on purpose) for
  - repository paths: tokens that start with a top-level folder (common/, modules/, tests/,
    tools/, slurm/, grading/, docs/, cmake/, .ci/), checked from the root, and relative
    Markdown links, checked from the file's folder;
  - bare file names with a source extension (grid.cpp, mpi05.hpp, tour.sh), which must
    name some tracked file;
  - anything outside the repository (a shared/ folder users do not have).
Generated or external names (results.json of Gradescope, files a run writes) are listed in
KNOWN_ELSEWHERE. Exit 1 with one line per dangling reference, else 0.
"""
import os
import re
import subprocess
import sys

from . import REPO

TOP = ("common", "modules", "tests", "tools", "slurm", "grading", "docs", "cmake", ".ci")
EXT = r"(?:cpp|hpp|py|sh|md|sbatch)"
PATH_RE = re.compile(r"(?<![\w./$-])((?:%s)/[\w./+-]*[\w+-])(?![\w*+-])" % "|".join(re.escape(t) for t in TOP))
BARE_RE = re.compile(r"(?<![\w./$-])([A-Za-z_][\w+-]*\.%s)(?![\w/])" % EXT)
LINK_RE = re.compile(r"\]\(([^)#\s]+)\)")
# Names of files that are not in the repository on purpose: written by a run, by the
# grader or by Gradescope, or standard names of other projects.
KNOWN_ELSEWHERE = {
    "results.json", "metadata.json", "submission_metadata.json", "compile_commands.json",
    "CMakeCache.txt", "CTestTestfile.cmake", "CMakeLists.txt", "junit.xml", "summary.md",
    "build_info.hpp", "catch.hpp", "mpi.h", "omp.h", "cblas.h", "png.h", "Eigen.cmake",
    "fit.json", "junk.json", "r.json", "x.json", "m.json", "out.json", "report.json",
    "requirements.txt", "slurm.conf", "cgroup.conf", "slurmdbd.conf", "hosts.txt", "summary.txt", "tables.md",
    "run_autograder", "setup.sh", "MANUAL_GRADING.md",
}
COMMENT = {".cpp": "//", ".hpp": "//", ".py": "#", ".sh": "#", ".sbatch": "#", ".cmake": "#", ".txt": "#",
           "Makefile": "#", ".env": "#", ".in": "//"}
PLACEHOLDER = re.compile(r"NN|\*|<|\{|\$|\.\.\.|XX")


def tracked(root):
    out = subprocess.run(["git", "-C", root, "ls-files"], capture_output=True, text=True, check=True).stdout
    return [p for p in out.splitlines() if p]


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else str(REPO))
    files = tracked(root)
    names = {os.path.basename(p) for p in files}
    dirs = set()
    for p in files:
        d = os.path.dirname(p)
        while d:
            dirs.add(d)
            d = os.path.dirname(d)
    exists = lambda rel: rel.rstrip("/") in dirs or rel in files or os.path.exists(os.path.join(root, rel))
    bad = []
    for rel in files:
        if not re.search(r"\.(cpp|hpp|h|py|sh|md|txt|cmake|sbatch|env|in)$|(^|/)Makefile$", rel):
            continue
        if rel.startswith(("tests/grading/", "tests/slurm/")) or rel == "tools/parlab/check_refs.py":
            continue  # fixtures and their tests name files that do not exist on purpose
        ext = "Makefile" if rel.endswith("Makefile") else os.path.splitext(rel)[1]
        try:
            text = open(os.path.join(root, rel), encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        here = os.path.dirname(rel)
        for n, line in enumerate(text.splitlines(), 1):
            if ext != ".md":  # only the comment part of a line of code
                mark = COMMENT.get(ext, "#")
                at = line.find(mark)
                if at < 0 or line.lstrip().startswith("#include"):
                    continue
                line = line[at + len(mark):]
            if re.search(r"(\.\./|/work/)shared/", line):
                bad.append(f"{rel}:{n}: points outside the repository (shared/)")
            for m in PATH_RE.finditer(line):
                ref = m.group(1).rstrip(".")
                if PLACEHOLDER.search(ref) or exists(ref):
                    continue
                bad.append(f"{rel}:{n}: '{ref}' does not exist")
            if rel.endswith(".md"):
                for m in LINK_RE.finditer(line):
                    ref = m.group(1)
                    if re.match(r"[a-z]+:", ref) or PLACEHOLDER.search(ref):
                        continue
                    if not exists(os.path.normpath(os.path.join(here, ref))):
                        bad.append(f"{rel}:{n}: link '{ref}' does not exist")
            for m in BARE_RE.finditer(line):
                name = m.group(1)
                if name in names or name in KNOWN_ELSEWHERE or PLACEHOLDER.search(name):
                    continue
                bad.append(f"{rel}:{n}: no file named '{name}' in the repository")
    for b in bad:
        print(b)
    print(f"check_refs: {len(bad)} dangling reference(s) in {len(files)} tracked files")
    return 1 if bad else 0
