#!/usr/bin/env python3
"""The integrity gate's rules (grading/autograder/gate.py) on small files compiled here
with g++: what honest exercise code uses passes, each way around the tests is refused.
Needs no workspace; the end-to-end cases are run_case.py's forge_*, include_*, ... ."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder import gate

HONEST = r'''
#include <atomic>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>
namespace parlab::demo {
namespace { std::mutex m; }
double work(int n) {
  std::vector<double> v(n);
  std::atomic<int> flag{0};
  std::thread t([&] { std::lock_guard<std::mutex> l(m); v[0] = std::sqrt(2.0); flag = 1; flag.notify_one(); });
  flag.wait(0);
  t.join();
  static thread_local int calls = 0;
  std::printf("%d\n", ++calls);
  std::cout << v[0] << '\n';
  return v[0];
}
}
'''
CASES = {  # name: (source, text its problems must contain; '' = none)
    "honest": (HONEST, ""),
    "constructor": ("namespace { struct F { F(); } f; }\nnamespace parlab { int g(); }\nF::F() { parlab::g(); }",
                    "before main"),
    "attribute_constructor": ("__attribute__((constructor)) static void early() {}", "constructor"),
    "fopen": ('#include <cstdio>\nnamespace parlab { void f() { std::fopen("/tmp/x", "w"); } }', "fopen"),
    "ofstream": ('#include <fstream>\nnamespace parlab { void f() { std::ofstream("/tmp/x") << 1; } }', "basic_filebuf"),
    "exit": ("#include <cstdlib>\nnamespace parlab { void f() { std::exit(0); } }", "exit"),
    "mpi_file": ('extern "C" int MPI_File_open(void*, const char*, int, void*, void*);\n'
                 "namespace parlab { int f() { return MPI_File_open(nullptr, \"x\", 0, nullptr, nullptr); } }",
                 "MPI_File_open"),
    "defines_malloc": ('#include <cstddef>\nextern "C" void* malloc(std::size_t) { return nullptr; }', "malloc"),
    "defines_outside_parlab": ("namespace Catch { int f() { return 1; } }", "Catch::f()"),
    "weak": ("namespace parlab { __attribute__((weak)) int f() { return 1; } }", "weak"),
    "section": ('namespace parlab { [[gnu::section(".text.startup")]] int f() { return 1; } }', "section"),
    "asm": ('namespace parlab { void f() { asm volatile("syscall"); } }', "asm statement"),
    "asm_via_macro": ("#define A(x) __as##m__(x)\nnamespace parlab { void f() { A(\"nop\"); } }", "asm statement"),
    "pragma_weak": ("#pragma weak parlab_alias = parlab_real\nextern \"C\" int parlab_real() { return 0; }", "pragma weak"),
    "no_sanitize": ('namespace parlab { __attribute__((no_sanitize("thread"))) void f() {} }', "no_sanitize"),
    # The code after these looks, to the compiler's line markers, like a system header's:
    # a #line directive, one split by a backslash-newline, a marker inside a raw string.
    "line_directive": ('#line 1 "/usr/include/stdio.h"\nnamespace parlab { void f() { asm volatile("nop"); } }',
                       "line marker"),
    "line_spliced": ('#\\\nline 1 "/usr/include/stdio.h"\nnamespace parlab { void f() { asm volatile("nop"); } }',
                     "line marker"),
    "marker_in_raw_string": ('namespace parlab { const char* a = R"x(\n# 1 "/usr/include/stdio.h" 1 3 4\n)x";\n'
                             'void f() { asm volatile("nop"); } }', "line marker"),
}


def compile_case(tmp: Path, name: str, src: str, flags: list[str] | None = None) -> tuple[Path, str]:
    cpp = tmp / f"{name}.cpp"
    cpp.write_text(src)
    obj = tmp / f"{name}.o"
    flags = flags or ["g++", "-std=c++20", "-O2", "-Wall", "-Wextra"]
    pre = subprocess.run(flags + ["-E", str(cpp)], capture_output=True, text=True).stdout
    subprocess.run(flags + ["-c", str(cpp), "-o", str(obj)], capture_output=True, text=True)
    return obj, pre


def problems_of(tmp: Path, name: str, src: str) -> list[str]:
    obj, pre = compile_case(tmp, name, src)
    own = str(tmp / f"{name}.cpp")
    found = gate.marker_problems(src.encode()) or gate.source_problems(gate.own_part(pre, own), stub=None)
    if obj.exists() and not found:  # (the grader refuses a file at its source before compiling it)
        found += gate.object_problems(obj, given={"_ZN6parlab13check_productEv"})
    elif not obj.exists() and not found:
        found.append(f"(did not compile: {name})")
    return found


def main() -> int:
    failures = []
    with tempfile.TemporaryDirectory(prefix="parlab-gate-") as d:
        tmp = Path(d)
        for name, (src, want) in CASES.items():
            got = problems_of(tmp, name, src)
            ok = (not got) if not want else any(want in p for p in got)
            print(f"{'ok  ' if ok else 'FAIL'} {name}: {got or 'passes'}")
            if not ok:
                failures.append(name)
        # an object that defines a function of the given code replaces it
        obj, _ = compile_case(tmp, "given", "namespace parlab { void check_product() {} }")
        got = gate.object_problems(obj, given={"_ZN6parlab13check_productEv"})
        print(f"{'ok  ' if got else 'FAIL'} defines_given: {got}")
        failures += [] if got else ["defines_given"]
        # an exercise that calls the rubric's oracles (07's omp rung returning the oracle's field)
        # is refused; one that calls other given code (its sweep helpers) is not
        oracles = ["parlab::heat::reference_run", "parlab::heat::heat_naive"]
        src = ("namespace parlab::heat { struct F; int reference_run(int, int); void sweep_block(double*);\n"
               "int heat_omp(int p) { return reference_run(p, 0); } void own(double* u) { sweep_block(u); } }")
        obj, _ = compile_case(tmp, "oracle", src)
        got = gate.object_problems(obj, oracles=oracles)
        honest = compile_case(tmp, "helper", "namespace parlab::heat { void sweep_block(double*);\n"
                                             "void own(double* u) { sweep_block(u); } }")[0]
        ok = any("reference_run" in p and "the given code the tests compare with" in p for p in got) and \
            not gate.object_problems(honest, oracles=oracles)
        print(f"{'ok  ' if ok else 'FAIL'} calls_oracle: {got}")
        failures += [] if ok else ["calls_oracle"]
        # a system-call instruction in an object is found even without its source
        obj, _ = compile_case(tmp, "insn", 'namespace parlab { void f() { asm volatile("syscall"); } }')
        got = gate.object_problems(obj)
        print(f"{'ok  ' if any('system-call' in p for p in got) else 'FAIL'} syscall_instruction: {got}")
        failures += [] if any("system-call" in p for p in got) else ["syscall_instruction"]
        # the race build (clang, ThreadSanitizer, OpenMP) adds initialisers of its own: still honest
        if shutil.which("clang++-14"):
            tsan = ["clang++-14", "-std=c++20", "-O1", "-fsanitize=thread", "-fopenmp"]
            for name, (src, want) in (("tsan_honest", (HONEST, "")), ("tsan_constructor", CASES["constructor"])):
                obj, _ = compile_case(tmp, name, src, tsan)
                got = gate.object_problems(obj)
                ok = (not got) if not want else any(want in p for p in got)
                print(f"{'ok  ' if ok else 'FAIL'} {name}: {got or 'passes'}")
                failures += [] if ok else [name]
        else:
            print("note: clang++-14 not found - the race build's objects are not checked here")
    # includes: the system's and the workspace's files, nothing else (named by -E's line markers)
    pre = ('# 0 "/parlab/src/a.cpp"\n# 0 "<built-in>"\n# 0 "<command-line>"\n# 1 "/parlab/src/a.cpp"\n'
           '# 1 "/usr/include/c++/12/vector" 1 3\n# 1 "/parlab/build/gen.hpp" 1\n# 2 "/parlab/src/a.cpp" 2\n'
           '# 1 "/etc/passwd" 1\n# 1 "/work/repo/sol.cpp" 1\n')
    got = gate.include_problems(gate.included_files(pre), gate.SYSTEM_ROOTS + ["/parlab/src", "/parlab/build"])
    ok = len(got) == 1 and "/etc/passwd" in got[0] and "/work/repo/sol.cpp" in got[0] and "vector" not in got[0]
    print(f"{'ok  ' if ok else 'FAIL'} includes: {got}")
    failures += [] if ok else ["includes"]
    dotdot = gate.include_problems(gate.included_files('# 1 "/usr/include/../../etc/shadow" 1\n'), gate.SYSTEM_ROOTS)
    print(f"{'ok  ' if dotdot else 'FAIL'} includes_dotdot: {dotdot}")
    failures += [] if dotdot else ["includes_dotdot"]
    # the line markers name exactly the files -M lists (an include guard, #pragma once, an empty header)
    with tempfile.TemporaryDirectory(prefix="parlab-gate-") as d:
        tmp = Path(d)
        (tmp / "empty.h").write_text("")
        (tmp / "once.h").write_text("#pragma once\n")
        src = '#include "empty.h"\n#include "once.h"\n#include "once.h"\n' + HONEST
        _, pre = compile_case(tmp, "deps", src)
        deps = subprocess.run(["g++", "-std=c++20", "-O2", "-Wall", "-Wextra", "-M", str(tmp / "deps.cpp")],
                              capture_output=True, text=True).stdout
        listed = {os.path.normpath(f) for f in deps.replace("\\\n", " ").split(":", 1)[-1].split()}
        marked = {os.path.normpath(f) for f in gate.included_files(pre)}
        ok = listed == marked and len(listed) > 50
        print(f"{'ok  ' if ok else 'FAIL'} markers_name_what_-M_lists: {len(marked)} files"
              + ("" if ok else f"; only -M: {sorted(listed - marked)[:5]}, only markers: {sorted(marked - listed)[:5]}"))
        failures += [] if ok else ["markers_name_what_-M_lists"]
    # no more no_sanitize than the stub: the given PARLAB_TASK_CREATOR stays allowed
    stub = '# 1 "/s.cpp"\n__attribute__((no_sanitize("thread"))) void f();\n'
    mine = stub + '__attribute__((no_sanitize("thread"))) void g();\n'
    stub_part = gate.own_part(stub, "/s.cpp")
    same, more = gate.source_problems(stub_part, stub_part), gate.source_problems(gate.own_part(mine, "/s.cpp"), stub_part)
    ok = not same and any("no_sanitize" in p for p in more)
    print(f"{'ok  ' if ok else 'FAIL'} no_sanitize_as_stub: {same} / {more}")
    failures += [] if ok else ["no_sanitize_as_stub"]
    total = len(CASES) + 6 + (2 if shutil.which("clang++-14") else 0)
    print(f"{total - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
