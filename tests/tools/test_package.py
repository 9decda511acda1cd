#!/usr/bin/env python3
"""tests/tools/test_package.py - the Python package tools/parlab holds together:

  - every module of the package imports (run with PYTHONPATH=tools, as ctest does);
  - its import graph, read statically from every module (relative imports and parlab.*
    ones, lazy imports inside functions included), has no cycle;
  - no Python file of the repository edits sys.path (entry points import the package from
    beside themselves: tools/ for tools/*.py, grading/ for grading/*.py through the link
    grading/parlab);
  - every Python file in tools/ is a thin entry point: it imports parlab and no other file
    of tools/.
Exit 0 pass, 1 fail."""
import ast
import importlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "tools" / "parlab"
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, name: str) -> set:
    """The parlab modules `name` imports (every import statement, wherever it stands)."""
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "parlab"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "parlab":
                continue
            out.add(mod)
            for a in node.names:  # "from . import summary" names a module
                out.add(f"{mod}.{a.name}")
    return out


def is_sys_path(node) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "path" \
        and isinstance(node.value, ast.Name) and node.value.id == "sys"


def edits_sys_path(node) -> bool:
    """sys.path.insert/append/extend/..., sys.path[...] = or sys.path = / +=."""
    if isinstance(node, ast.Attribute) and is_sys_path(node.value):
        return node.attr in ("insert", "append", "extend", "remove", "pop", "clear")
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
        if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
    return any(is_sys_path(t) or isinstance(t, ast.Subscript) and is_sys_path(t.value) for t in targets)


def main():
    files = sorted(PKG.rglob("*.py"))
    modules = {module_name(p): p for p in files}
    graph = {m: {i for i in imports_of(p, m) if i in modules and i != m} for m, p in modules.items()}
    # every module imports
    for m in sorted(modules):
        try:
            importlib.import_module(m)
        except Exception as e:  # noqa: BLE001 - any failure to import is the finding
            fail(f"import {m}: {type(e).__name__}: {e}")
    # a submodule implies its parents (Python imports them first): their imports count too
    for m in list(graph):
        parts = m.split(".")
        for k in range(1, len(parts)):
            parent = ".".join(parts[:k])
            if parent in graph and parent != m:
                graph[m].add(parent)
    # cycles: depth-first search with colours
    state, stack = {}, []

    def visit(m):
        state[m] = "open"
        stack.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == "open":
                fail("import cycle: " + " -> ".join(stack[stack.index(n):] + [n]))
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = "done"

    for m in sorted(graph):
        if m not in state:
            visit(m)
    # no sys.path edits in any tracked Python file
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files", "*.py"], capture_output=True, text=True).stdout.split()
    if not tracked:  # not a git checkout (a release unpacked from an archive): every file
        tracked = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py") if "build" not in p.parts]
    for rel in tracked:
        try:
            tree = ast.parse((ROOT / rel).read_text(errors="replace"))
        except SyntaxError as e:
            fail(f"{rel} does not parse: {e}")
            continue
        if any(edits_sys_path(n) for n in ast.walk(tree)):
            fail(f"{rel} edits sys.path")
    # tools/*.py: thin entry points
    for p in sorted((ROOT / "tools").glob("*.py")):
        tree = ast.parse(p.read_text())
        mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        mods |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        own = {q.stem for q in (ROOT / "tools").glob("*.py")}
        if not any(m.split(".")[0] == "parlab" for m in mods):
            fail(f"tools/{p.name} does not call into the parlab package")
        if mods & own:
            fail(f"tools/{p.name} imports another entry point: {sorted(mods & own)}")
        if len(p.read_text().splitlines()) > 20:
            fail(f"tools/{p.name} is not a thin entry point (over 20 lines): its code belongs in tools/parlab")
    link = ROOT / "grading" / "parlab"
    if (ROOT / "grading" / "grade.py").exists() and not (link.is_symlink() and link.resolve() == PKG.resolve()):
        fail("grading/parlab is not the link to tools/parlab that the grader imports the package through")
    print(f"{len(modules)} modules, {sum(len(v) for v in graph.values())} imports between them")
    if failures:
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
