"""A module's facts in one place: modules/NN-name/module.json, and what is made from it.

    tools/manifest.py check [--build build/release]   every entry resolves, every generated text is current
    tools/manifest.py write                           rewrite the generated texts
    tools/manifest.py script NN tour|bench BIN OUT    the bash steps of one module's tour or bench
    tools/manifest.py runs NN report|grade            one profile's runs, as JSON

The manifest (docs/design.md, "The module manifest") holds a module's exercises (number,
file, what the student writes, the Catch2 tests that grade it, the driver rungs it makes),
its drivers, the rungs whose code is given, and its runs: tour, bench, report, grade
(the arguments of each run; the tour's expectations). Generated from it:
  - the exercise table of the module's README (between the EXERCISES markers);
  - the run arguments (argv) of the rubric's performance items (the item names its run)
    and the rubric's list of exercise files (grading/rubrics/NN-name.json);
  - the job script slurm/jobs/NN-name.sbatch (the manifest's "cluster" section);
  - at build time, by CMake (cmake/ParlabManifest.cmake), the header that gives each
    driver its rungs' labels ("exercise 7", "given").
Read by: tools/modules.sh (tour, bench), make report (analysis/report.py), the tour's page
(tour/page.py). Imports nothing of parlab but REPO.
"""
from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

from . import REPO as ROOT
PROFILES = ("tour", "bench", "report", "grade")
EX_BEGIN, EX_END = "<!-- BEGIN EXERCISES", "<!-- END EXERCISES -->"


class ManifestError(Exception):
    pass


# ---- reading ------------------------------------------------------------------------
def module_dirs(root: Path = ROOT) -> list[Path]:
    return sorted(p for p in (root / "modules").glob("[0-9][0-9]-*") if p.is_dir())


def find(nn: str, root: Path = ROOT) -> Path:
    """modules/NN-name for 'NN' or 'NN-name' (nothing else: '04,05' names no one module)."""
    m = re.fullmatch(r"(\d\d)(-[\w-]+)?", nn)
    found = [d for d in module_dirs(root) if m and d.name[:2] == m.group(1)]
    if not found:
        have = ", ".join(d.name for d in module_dirs(root))
        raise ManifestError(f"no module '{nn}' in this tree (have {have})")
    return found[0]


def find_all(args: list[str], root: Path = ROOT) -> list[Path]:
    """modules/NN-name for each of '01', '04,05' or '04 05', in order, once each."""
    out: list[Path] = []
    for nn in (m.strip() for arg in args for m in arg.split(",") if m.strip()):
        mod = find(nn, root)
        if mod not in out:
            out.append(mod)
    if not out:
        raise ManifestError("say which module, e.g. MODULE=01 (several: MODULE=04,05)")
    return out


def load(mod_dir: Path) -> dict:
    p = mod_dir / "module.json"
    try:
        m = json.loads(p.read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise ManifestError(f"{p}: {e}")
    for key, kind in (("module", str), ("title", str), ("drivers", list), ("exercises", list), ("runs", dict)):
        if not isinstance(m.get(key), kind):
            raise ManifestError(f"{p}: '{key}' must be a {kind.__name__}")
    if m["module"] != mod_dir.name:
        raise ManifestError(f"{p}: 'module' is {m['module']!r}, its folder is {mod_dir.name!r}")
    if not isinstance(m.get("needs", []), list) or not all(re.match(r"^\d\d-", n) for n in m.get("needs", [])):
        raise ManifestError(f"{p}: 'needs' must be a list of module folder names (\"05-mpi\")")
    for e in m["exercises"]:
        for key in ("n", "file", "what", "tests"):
            if key not in e:
                raise ManifestError(f"{p}: exercise {e.get('n')!r} has no '{key}'")
    for prof, runs in m["runs"].items():
        if prof in PROFILES:
            for r in runs:
                if not r.get("name") or not r.get("argv"):
                    raise ManifestError(f"{p}: a {prof} run needs 'name' and 'argv': {r}")
    return m


def with_needs(nns: set[str], root: Path = ROOT) -> set[str]:
    """Module numbers nns and every module they need (the manifests' "needs", followed
    through): what a tree holding nns must hold to build. ManifestError for a needed
    module that is not in the tree."""
    todo, out = list(nns), set()
    while todo:
        nn = todo.pop()
        if nn in out:
            continue
        out.add(nn)
        d = find(nn, root)
        if (d / "module.json").is_file():
            try:
                todo += [n[:2] for n in json.loads((d / "module.json").read_text()).get("needs", [])]
            except (OSError, ValueError) as e:
                raise ManifestError(f"{d / 'module.json'}: {e}")
    return out


def rung_labels(m: dict) -> dict[tuple[str, str], str]:
    """(driver, rung) -> "exercise 7" (or "exercises 3a, 3b"), "given" for given rungs."""
    owners: dict[tuple[str, str], list[str]] = {}
    for e in m["exercises"]:
        for dr in e.get("rungs", []):
            owners.setdefault(tuple(dr.split(":", 1)), []).append(e["n"])
    labels = {k: ("exercise " if len(v) == 1 else "exercises ") + ", ".join(v) for k, v in owners.items()}
    labels.update({tuple(dr.split(":", 1)): "given" for dr in m.get("given_rungs", [])})
    return labels


def run_driver(r: dict) -> str:
    return r["argv"][0]


# ---- the tour and the bench: bash for tools/tour_lib.sh -----------------------------------
def _word(a: str) -> str:
    """One argument as a bash word; {out}, {bin}, {module} become the script's variables."""
    parts = re.split(r"(\{(?:out|bin|module)\})", a)
    return "".join(f'"${p[1:-1]}"' if re.fullmatch(r"\{\w+\}", p) else shlex.quote(p) for p in parts if p) or "''"


def command(m: dict, r: dict, json_file: bool = True) -> list[str]:
    words = [f"{k}={shlex.quote(v)}" for k, v in r.get("env", {}).items()]
    if "mpi" in r:
        mp = r["mpi"]
        words += ["mpirun", '"${MPI_OVERSUB[@]}"'] + (["--bind-to", mp["bind"]] if "bind" in mp else [])
        words += ["-np", str(mp["np"])]
        for k, v in mp.get("env", {}).items():
            words += ["-x", shlex.quote(f"{k}={v}")]
    words += [f'"$bin"/{run_driver(r)}'] + [_word(a) for a in r["argv"][1:]]
    if json_file and r.get("json", True):
        words += ["--json", f'"$out"/{m["module"]}-{r["name"]}.json']
    return words


def script(m: dict, profile: str) -> str:
    """The bash that runs one profile of a module: sourced after tools/tour_lib.sh, with
    $bin and $out set (tools/modules.sh). Every run goes through `step`."""
    runs = m["runs"].get(profile, [])
    lines = [f"# {m['module']} {profile}, from modules/{m['module']}/module.json (tools/manifest.py)",
             f"module=modules/{m['module']}"]
    mpi = [r for r in runs if "mpi" in r]
    if mpi:
        lines += ["source modules/05-mpi/mpi-env.sh", f'mpi_ready "$bin" {run_driver(mpi[0])} || exit 0']
    if profile == "bench":
        # The BLAS reference runs the best kernel OpenBLAS has for this CPU: this environment may
        # force an older one; the JSON context records which ran.
        lines.append("unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE")
        lines.append('core=$(blas_best_core "$bin"); if [ -n "$core" ]; then export OPENBLAS_CORETYPE=$core; '
                     'echo "(OpenBLAS did not recognise this CPU: OPENBLAS_CORETYPE=$core selects its kernel for it)"; fi')
    for i, r in enumerate(runs):
        if i:
            lines.append("echo")
        if r.get("note"):
            lines.append(f"echo {shlex.quote('(' + r['note'] + ')')}")
        cmd = " ".join(command(m, r))
        if "fails" in r:
            f = r["fails"]
            lines.append(f"echo {shlex.quote('(next: ' + f['next'] + ')')}")
            lines.append(f"{cmd} 2>/dev/null || echo \"(exit $? - {f['caught']}, as expected)\"")
            continue
        words, n = command(m, r), len(r.get("env", {}))  # VAR=value step ...: the step's environment
        cmd = " ".join(words[:n] + ["step"] + words[n:])
        if r.get("optional"):
            cmd = f'if [ -x "$bin"/{run_driver(r)} ]; then {cmd}; fi'
        lines.append(cmd)
        for x in r.get("expect", []):
            js = f'"$out"/{m["module"]}-{r["name"]}.json'
            if "slower" in x:
                lines.append(f"expect_slower {js} {shlex.quote(x['variant'])} {x['workers']} {shlex.quote(x['slower'])}")
            else:
                lines.append(f"expect_faster {js} {shlex.quote(x['variant'])} {x['workers']}")
    after = m["runs"].get(profile + "_after")
    if after:
        lines.append(" ".join(_word(a) for a in after))
    return "\n".join(lines) + "\n"


# ---- generated texts ----------------------------------------------------------------
def _cell(s: str) -> str:
    return s.replace("|", "/")


def _tests_cell(tests: list[str]) -> str:
    return ", ".join(f"the `{t}` tests" if t.startswith("[") else f"`{t}`" for t in tests)


def exercise_table(m: dict) -> str:
    nn = m["module"][:2]
    lines = [f"{EX_BEGIN} (generated from module.json by tools/manifest.py; do not edit) -->",
             f"| # | file | what you write | tests (`make test MODULE={nn}`) |", "|---|------|----------------|------|"]
    for e in m["exercises"]:
        what = e["what"] + (f" *(short on purpose: {e['short']})*" if e.get("short") else "")
        lines.append(f"| {e['n']} | `{e['file']}` | {_cell(what)} | {_cell(_tests_cell(e['tests']))} |")
    lines.append(EX_END)
    return "\n".join(lines)


def _replace(text: str, begin: str, end: str, new: str) -> str | None:
    b, e = text.find(begin), text.find(end)
    if b < 0 or e < b:
        return None
    return text[:b] + new + text[e + len(end):]


def rubric_text(m: dict, rubric: dict) -> str:
    """The rubric with its generated parts: each performance item's argv (from the grade
    run it names) and the files a submission holds (the exercises, plus also_graded)."""
    runs = {r["name"]: r for r in m["runs"].get("grade", [])}
    rubric["files"] = [f"modules/{m['module']}/{e['file']}" for e in m["exercises"]] + \
                      [f"modules/{f}" for f in m.get("also_graded", [])]
    for it in rubric["items"]:
        if "run" in it:
            if it["run"] not in runs:
                raise ManifestError(f"rubric {rubric['assignment']}: item {it['name']!r} names run {it['run']!r}, "
                                    f"which is not a grade run of modules/{m['module']}/module.json")
            it["argv"] = list(runs[it["run"]]["argv"])
    return json.dumps(rubric, indent=2, ensure_ascii=False) + "\n"


def sbatch_text(m: dict) -> str | None:
    c = m.get("cluster")
    if not c:
        return None
    lines = ["#!/bin/bash"] + [f"# {s}".rstrip() for s in c["about"]]
    lines += [f"# (generated from modules/{m['module']}/module.json by tools/manifest.py; do not edit)"]
    lines += [f"#SBATCH --job-name=parlab-{m['module']}"] + [f"#SBATCH --{k}={v}" for k, v in c["sbatch"].items()]
    lines += ['source "${PARLAB_ROOT:-$SLURM_SUBMIT_DIR}/slurm/lib/job.sh"',
              "need " + " ".join(dict.fromkeys(run_driver(r) for r in c["runs"])), ""]
    lines += c.get("setup", [])
    for r in c["runs"]:
        words = [f'"$BIN/{run_driver(r)}"', *r["argv"][1:], "--json", f'"$OUT/{r["name"]}.json"']
        launch = {"local": [], "mpi": ["run_mpi", '"$NP"'], "pair": ["run_mpi_pair"]}[r.get("launch", "local")]
        lines.append(" ".join(launch + words))
    return "\n".join(lines) + "\n"


def generated(root: Path = ROOT) -> list[tuple[Path, str | None, str]]:
    """(file, its current text or None, the text the manifests make)."""
    out = []
    for d in module_dirs(root):
        if not (d / "module.json").is_file():
            continue
        m = load(d)
        readme = d / "README.md"
        text = readme.read_text() if readme.is_file() else ""
        new = _replace(text, EX_BEGIN, EX_END, exercise_table(m))
        if new is None:
            raise ManifestError(f"{readme}: no {EX_BEGIN} ... {EX_END} markers in 'Exercises, in order'")
        out.append((readme, text, new))
        rp = root / "grading" / "rubrics" / f"{m['module']}.json"
        if rp.is_file():  # not in a student release
            cur = rp.read_text()
            out.append((rp, cur, rubric_text(m, json.loads(cur))))
        sb = sbatch_text(m)
        if sb is not None:
            jp = root / "slurm" / "jobs" / f"{m['module']}.sbatch"
            out.append((jp, jp.read_text() if jp.is_file() else None, sb))
    return out


# ---- resolving: every entry names something that exists ---------------------------------
def _test_cases(mod_dir: Path, root: Path) -> list[tuple[str, str]]:
    """(name, tags) of every TEST_CASE under tests/NN-name/."""
    found = []
    for p in sorted((root / "tests" / mod_dir.name).rglob("*.cpp")):
        found += re.findall(r'TEST_CASE\(\s*"((?:[^"\\]|\\.)*)"\s*(?:,\s*"([^"]*)")?', p.read_text())
    return found


def _matches(spec: str, cases: list[tuple[str, str]]) -> bool:
    """A Catch2 test spec: an exact name, a name with * at either end, or a [tag]."""
    if spec.startswith("["):
        return any(spec in tags for _, tags in cases)
    rx = re.escape(spec).replace(r"\*", ".*")
    return any(re.fullmatch(rx, name) for name, _ in cases)


def _help_rungs(exe: Path) -> dict[str, str] | None:
    """rung -> its about text, from `driver --help` (None when not built)."""
    if not exe.is_file():
        return None
    p = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    text = p.stdout + p.stderr
    if "rungs (--variants):" not in text:
        return {}
    rungs = {}
    for line in text.split("rungs (--variants):", 1)[1].splitlines():
        mt = re.match(r"^  (\S+)\s+(.*)$", line)
        if mt:
            rungs[mt.group(1)] = mt.group(2)
        elif line.strip() and not line.startswith("    "):
            break
    return rungs


def _cmake_drivers(root: Path) -> set[str]:
    names = set()
    for p in root.rglob("CMakeLists.txt"):
        if p.relative_to(root).parts[0] in ("build", "dist"):
            continue
        for call in re.findall(r"(?:parlab_drivers?|add_executable)\(([^)]*)\)", p.read_text()):
            names.update(w for w in call.split() if re.fullmatch(r"[a-z][a-z0-9_]*", w))
    return names


def _configured(build: Path) -> set[str]:
    """The targets a build folder was configured with (a driver left out for a missing
    optional dependency is not one)."""
    f = build / "CMakeFiles" / "TargetDirectories.txt"
    return set(re.findall(r"/CMakeFiles/([^/\n]+)\.dir$", f.read_text(), re.M)) if f.is_file() else set()


def problems(root: Path = ROOT, build: Path | None = None) -> list[str]:
    bad = []
    built = _cmake_drivers(root)
    configured = _configured(build) if build else set()
    readme_map = (root / "README.md").read_text() if (root / "README.md").is_file() else ""
    for d in module_dirs(root):
        where = f"modules/{d.name}/module.json"
        if not (d / "module.json").is_file():
            bad.append(f"{where}: missing (every module has a manifest)")
            continue
        try:
            m = load(d)
        except ManifestError as e:
            bad.append(str(e))
            continue
        for n in m.get("needs", []):
            if not (root / "modules" / n).is_dir():
                bad.append(f"{where}: needs {n}: no such module folder")
        rubric = root / "grading" / "rubrics" / f"{d.name}.json"
        if rubric.is_file():  # the assignment's tree is the module with what it needs
            try:
                want = sorted(with_needs({d.name[:2]}, root))
                if sorted(json.loads(rubric.read_text()).get("modules", [])) != want:
                    bad.append(f"grading/rubrics/{d.name}.json: 'modules' must be {want} (the module and its needs)")
            except (ManifestError, json.JSONDecodeError) as e:
                bad.append(f"{where}: needs: {e}")
        if readme_map and f"modules/{d.name}" not in readme_map:
            bad.append(f"README.md: the module map has no line for modules/{d.name}")
        cases = _test_cases(d, root)
        for e in m["exercises"]:
            if not (d / e["file"]).is_file():
                bad.append(f"{where}: exercise {e['n']}: no file {e['file']}")
            for t in e["tests"]:
                if not _matches(t, cases):
                    bad.append(f"{where}: exercise {e['n']}: no test case in tests/{d.name} matches {t!r}")
        for f in m.get("also_graded", []):  # checked where that module is in the tree
            if (root / "modules" / f.split("/")[0]).is_dir() and not (root / "modules" / f).is_file():
                bad.append(f"{where}: also_graded: no file modules/{f}")
        helps = {}
        for drv in m["drivers"]:
            if not (d / "drivers" / f"{drv}.cpp").is_file():
                bad.append(f"{where}: driver {drv}: no drivers/{drv}.cpp")
            if drv not in built:
                bad.append(f"{where}: driver {drv}: no CMake target builds it")
            helps[drv] = _help_rungs(build / "bin" / drv) if build else None
            if drv in configured and helps[drv] is None:
                bad.append(f"{where}: driver {drv}: a target of {build} but {build}/bin/{drv} is not built")
        for (drv, rung), label in rung_labels(m).items():
            if drv not in m["drivers"]:
                bad.append(f"{where}: rung {drv}:{rung}: {drv} is not one of the module's drivers")
                continue
            src = d / "drivers" / f"{drv}.cpp"
            if helps.get(drv) is None:
                # a driver may take a family of rungs from the module's given code (07's offload rungs)
                texts = [f.read_text() for f in [src, *sorted((d / "given").glob("*.cpp"))] if f.is_file()]
                if src.is_file() and not any(f'"{rung}"' in t for t in texts):
                    bad.append(f"{where}: rung {drv}:{rung}: not in {src.relative_to(root)} nor given/")
            elif rung not in helps[drv]:
                bad.append(f"{where}: rung {drv}:{rung}: `{drv} --help` lists no such rung")
            elif not helps[drv][rung].endswith(f"({label})"):
                bad.append(f"{where}: rung {drv}:{rung}: `{drv} --help` does not say ({label}): {helps[drv][rung]!r}")
        for prof in PROFILES:
            for r in m["runs"].get(prof, []):
                drv = run_driver(r)
                if drv not in built and not r.get("optional"):  # optional: run when built (another module's)
                    bad.append(f"{where}: {prof} run {r['name']}: no CMake target builds {drv}")
                known = helps.get(drv)
                if known and "--variants" in r["argv"]:
                    for v in r["argv"][r["argv"].index("--variants") + 1].split(","):
                        if v not in known:
                            bad.append(f"{where}: {prof} run {r['name']}: `{drv} --help` lists no rung {v!r}")
                if prof == "report" and not r.get("quick"):
                    bad.append(f"{where}: report run {r['name']}: needs 'quick' (make report REPORT_ARGS=--quick)")
            names = [r["name"] for r in m["runs"].get(prof, [])]
            if len(set(names)) != len(names):
                bad.append(f"{where}: two {prof} runs share a name: {names}")
    try:
        for path, cur, new in generated(root):
            if cur != new:
                bad.append(f"{path.relative_to(root)}: not what the manifest makes: run tools/manifest.py write")
    except ManifestError as e:
        bad.append(str(e))
    return bad


# ---- command line -------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check")
    c.add_argument("--build", type=Path, help="a build folder: its drivers' --help must list each rung with its label")
    sub.add_parser("write")
    s = sub.add_parser("script")
    s.add_argument("module")
    s.add_argument("profile", choices=("tour", "bench"))
    r = sub.add_parser("runs")
    r.add_argument("module")
    r.add_argument("profile", choices=PROFILES)
    a = ap.parse_args(argv)
    try:
        if a.cmd == "check":
            bad = problems(ROOT, a.build.resolve() if a.build else None)
            for b in bad:
                print(b)
            verdict = f"{len(bad)} problem(s)" if bad else "every entry resolves, every generated text is current"
            print(f"manifest: {len(module_dirs())} modules, {verdict}")
            return 1 if bad else 0
        if a.cmd == "write":
            for path, cur, new in generated(ROOT):
                if cur != new:
                    path.write_text(new)
                    print(f"rewrote {path.relative_to(ROOT)}")
            return 0
        m = load(find(a.module))
        if a.cmd == "script":
            sys.stdout.write(script(m, a.profile))
        else:
            print(json.dumps(m["runs"].get(a.profile, []), indent=1))
        return 0
    except ManifestError as e:
        print(f"manifest: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
