"""The integrity gate: what a submitted exercise file may include, contain and call.

A test's verdict is the report its process writes, and the exercise's code runs inside
that process. So that code must not reach the operating system (open a file, write a
report, exit before the checks, start a program) nor run before main. Each submitted file
passes three checks, with the exact flags of each build that compiles it, as the build uid
in the build's view; a file that fails is graded as the release's stub, and the student
is told why.

1. includes: every file the compiler reads (the line markers of its -E output) is a system
   header or a file of the release or of the build, never any other file of the machine;
2. source: no line of the file reads as a line marker (#line), and after preprocessing
   the file's own tokens hold no asm statement (no inline
   syscall, no .incbin) and no attribute that places code or changes linkage
   (constructor, section, alias, weak, ...), and no more no_sanitize than its stub has;
3. objects: every object compiled from it (release and race builds)
   - has no static initialiser but those <iostream> and ThreadSanitizer add,
   - references only allowed symbols (ALLOWED below; `syscall` is the guard of
     common/src/syscall_guard.cpp, which passes only a futex),
   - defines global symbols only in namespace parlab (no interposed library function),
   - holds no syscall, sysenter or int 0x80 instruction.
What remains possible (code that finds a syscall instruction in the C library by pointer
arithmetic, or rewrites the test's memory) is in grading/README's limits, and `review`
flags the constructs it needs for the instructor.
"""
from __future__ import annotations

import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

# ---------------------------------------------------------------- symbols
# What an exercise object may reference, as demangled names (nm -C). Everything else is
# refused: the C library's files, processes, signals and sockets, the C++ file streams
# and <filesystem>, exit and its relatives, MPI's file I/O, spawning and ports.
ALLOWED = [re.compile(p) for p in (
    r"parlab::.*",
    r"std::.*",                                        # less DENIED_STD below
    r"__gnu_cxx::.*", r"__cxxabiv1::.*",
    r"operator (new|delete)(\[\])?\(.*",
    r"__cxa_(allocate_exception|free_exception|throw|rethrow|begin_catch|end_catch|guard_acquire|guard_release"
    r"|guard_abort|pure_virtual|deleted_virtual|throw_bad_array_new_length|bad_cast|bad_typeid|atexit"
    r"|thread_atexit|thread_atexit_impl|init_primary_exception|call_unexpected|get_exception_ptr|current_exception_type)",
    r"__dso_handle", r"__gxx_personality_v0", r"__gcc_personality_v0", r"_Unwind_Resume", r"__stack_chk_fail", r"__tls_get_addr",
    r"_GLOBAL_OFFSET_TABLE_", r"__dynamic_cast", r"__once_proxy", r"__libc_single_threaded", r"__errno_location",
    r"__assert_fail", r"abort", r"syscall",
    r"(mem(cpy|move|set|cmp|chr)|str(len|cmp|ncmp|chr|rchr|str|cpy|ncpy|cat|ncat)|__memcpy_chk|__memset_chk"
    r"|__memmove_chk)",
    r"(malloc|calloc|realloc|free|aligned_alloc|posix_memalign)",
    r"(v|f|vf)?printf|__(v|f|vf)?printf_chk|puts|putchar|fputs|fputc|fwrite|fflush|stdout|stderr|snprintf"
    r"|__snprintf_chk|sprintf|__sprintf_chk|strtod|strtol|strtoul|atoi|atof",
    r"(sqrt|cbrt|exp|exp2|expm1|log|log2|log10|log1p|pow|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|floor"
    r"|ceil|round|lround|llround|trunc|fmod|fma|hypot|frexp|ldexp|modf|fmin|fmax|fabs|sincos|nearbyint|rint"
    r"|lrint|remainder|copysign|nan|erf|erfc|tgamma|lgamma)[fl]?",
    r"(rand|srand|rand_r)",
    r"(clock_gettime|gettimeofday|time|clock|nanosleep|usleep|sleep|sched_yield|sched_getcpu|get_nprocs)",
    r"pthread_(create|join|detach|self|equal|once|key_create|key_delete|getspecific|setspecific|yield"
    r"|mutex_\w+|cond_\w+|rwlock_\w+|spin_\w+|barrier_\w+|attr_(init|destroy|setstacksize|getstacksize))",
    r"sem_(init|destroy|wait|trywait|timedwait|post|getvalue)",
    r"omp_\w+", r"GOMP_\w+", r"__kmpc_\w+",             # OpenMP (libgomp, and libomp in the race build)
    r"__tsan_\w+", r"__sanitizer_\w+", r"__ubsan_\w+",  # the race build's instrumentation
    r"ompi_\w+", r"MPI_\w+", r"PMPI_\w+",               # less DENIED_MPI below
)]
DENIED_STD = re.compile(
    r"std::(__cxx11::)?(basic_(i|o)?fstream|basic_filebuf|__basic_file|filesystem|ofstream|ifstream|fstream"
    r"|system|exit|quick_exit|_Exit|at_quick_exit|atexit|set_terminate|set_unexpected|set_new_handler"
    r"|getenv|signal|raise|remove|rename|tmpfile|tmpnam|fopen|freopen)\b")
DENIED_MPI = re.compile(r"P?MPI_(File_\w+|Comm_spawn\w*|Open_port|Close_port|Comm_accept|Comm_connect|Comm_join"
                        r"|Publish_name|Unpublish_name|Lookup_name|Register_datarep)$")
# Demangled prefixes that name a symbol's companion (its vtable, typeinfo, guard...).
COMPANIONS = ("vtable for ", "typeinfo for ", "typeinfo name for ", "VTT for ", "construction vtable for ",
              "guard variable for ", "TLS init function for ", "TLS wrapper function for ",
              "reference temporary ", "transaction clone for ", "non-virtual thunk to ", "virtual thunk to ")
# What <iostream> leaves in a file compiled by GCC 12: one static ios_base::Init object.
IOSTREAM_INIT = {"std::ios_base::Init::Init()", "std::ios_base::Init::~Init()", "__cxa_atexit", "__dso_handle"}
TSAN_INIT = {"__tsan_init", "__tsan_func_entry", "__tsan_func_exit", "_Unwind_Resume"}
SYSCALL_INSN = re.compile(r"\s(syscall|sysenter|int\s+\$0x80)\b")


def bare(name: str) -> str:
    for p in COMPANIONS:
        if name.startswith(p):
            return bare(name[len(p):])
    return name.split("@")[0].strip()


def allowed(name: str) -> bool:
    n = bare(name)
    if n.startswith("std::") and DENIED_STD.match(n):
        return False
    if DENIED_MPI.match(n):
        return False
    return any(p.fullmatch(n) or (p.pattern.endswith(".*") and p.match(n)) for p in ALLOWED)


OWN = re.compile(r"_Z(TV|TI|TS|GV|GR|TH|TW|Z)*N?K?6parlab")  # parlab's code, data, vtables, statics
LIBRARY_INLINE = re.compile(r"DW\.ref\.|__clang_call_terminate$|_Z(TV|TI|TS|GV|Z)*N?K?(St|Sa|Ss|Si|So|Sd|9__gnu_cxx|10__cxxabiv1|5Eigen)"
                            r"|_Z(TI|TS|TV)")


def defined_ok(mangled: str, weak: bool) -> bool:
    """A global symbol the object defines (mangled): its own code lives in namespace
    parlab; the standard library's inline and template code is defined weakly anywhere.
    Anything else could replace a library's or the test's own function at link time."""
    return bool(OWN.match(mangled) or (weak and LIBRARY_INLINE.match(mangled)))


def demangle(names: list[str]) -> list[str]:
    out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True, timeout=60).stdout
    return out.splitlines() or names


def tool(argv: list[str]) -> str:
    return subprocess.run(argv, capture_output=True, text=True, errors="replace", timeout=120).stdout


def given_symbols(objects: list[Path], exercises: set[Path]) -> set[str]:
    """The global symbols that the build's current `objects` other than the `exercises`
    define (parlab's common and given code, the tests): an exercise file that defines one
    of them replaces the given code (an oracle that always agrees, say)."""
    objs = [str(p) for p in objects if p not in exercises]
    names: set[str] = set()
    for i in range(0, len(objs), 200):
        for ln in tool(["nm", "-g", "--defined-only", *objs[i:i + 200]]).splitlines():
            parts = ln.split(None, 2)
            if len(parts) == 3 and parts[1] not in "WVwvu":
                names.add(parts[2])
    return names


def calls_oracle(name: str, oracles: list[str]) -> bool:
    """`name` (demangled) is one of the functions `oracles` names (qualified, no arguments)."""
    n = bare(name)
    return any(n == o or n.startswith(o + "(") or n.startswith(o + "<") for o in oracles)


def object_problems(obj: Path, given: set[str] = frozenset(), oracles: list[str] = ()) -> list[str]:
    """What is wrong with one object file (empty: nothing); `given`: given_symbols;
    `oracles`: the given functions the rubric's exercises may not call (the rubric's
    'oracles': the tests' answer and the given rungs, which pass every test)."""
    if not obj.is_file():
        return [f"its object file {obj.name} was not built"]
    problems = []
    undefined = [ln.split(None, 1)[1] for ln in tool(["nm", "-u", "-C", str(obj)]).splitlines() if ln.strip()[:2] in ("U ", "w ")]
    bad = sorted({bare(u) for u in undefined if not allowed(u)})
    if bad:
        problems.append("it calls or uses " + ", ".join(bad[:6]) + (f" and {len(bad) - 6} more" if len(bad) > 6 else "")
                        + ": exercise files may use threads, atomics, OpenMP, MPI (not its file I/O or process"
                        " spawning), maths, memory and printing, and parlab's API - not the operating system")
    copied = sorted({bare(u) for u in undefined if calls_oracle(u, list(oracles))})
    if copied:
        problems.append("it calls " + ", ".join(copied[:3]) + ": the given code the tests compare with (or a given"
                        " rung), which passes every test without the exercise's work")
    foreign = []
    for ln in tool(["nm", "-g", "--defined-only", str(obj)]).splitlines():
        parts = ln.split(None, 2)
        if len(parts) == 3 and (not defined_ok(parts[2], parts[1] in "WVwvu") or parts[2] in given):
            foreign.append(parts[2])
    if foreign:
        problems.append("it defines " + ", ".join(sorted(set(demangle(foreign)))[:6])
                        + ": an exercise file defines functions only in namespace parlab, and none that the"
                        " given code, the tests or a library define")
    sections = tool(["readelf", "-SW", str(obj)])
    if re.search(r"\.(init_array|ctors|preinit_array)\b", sections) and not only_known_initialisers(obj):
        problems.append("it runs code before main (a global object with a constructor, or a constructor"
                        " function): exercise files may not; #include <iostream> alone is fine")
    if SYSCALL_INSN.search(tool(["objdump", "-d", "--no-show-raw-insn", str(obj)])):
        problems.append("it contains a system-call instruction")
    return problems


def only_known_initialisers(obj: Path) -> bool:
    """The static initialisers are those the toolchain adds, and nothing else: each
    .init_array has one entry, and the code it runs references only ios_base::Init and
    __cxa_atexit (<iostream>) or ThreadSanitizer's own start-up (the race build)."""
    names: dict[str, set[str]] = {}
    current = None
    for ln in tool(["readelf", "-rW", "-C", str(obj)]).splitlines():
        m = re.match(r"Relocation section '\.rela?(\S+)'", ln)
        if m:
            current = m.group(1)
            names[current] = set()
            continue
        cols = ln.split(None, 4)
        if current and len(cols) == 5 and re.fullmatch(r"[0-9a-f]+", cols[0]):
            names[current].add(re.sub(r"\s*[+-]\s*(0x)?[0-9a-f]+$", "", cols[4]).strip())
    if any(re.match(r"\.(ctors|preinit_array|dtors)", s) for s in names):
        return False
    for sec in (s for s in names if re.fullmatch(r"\.init_array(\.\d+)?", s)):
        if len(names[sec]) != 1:
            return False
        (code,) = names[sec]
        if code not in (".text.startup", ".text.tsan.module_ctor"):
            return False
        calls = {n for n in names.get(code, set()) if not n.startswith((".bss", ".data")) and n != "std::__ioinit"}
        if not calls or not calls <= IOSTREAM_INIT | TSAN_INIT:
            return False
    return True


# ---------------------------------------------------------------- source
BANNED_ATTRIBUTES = {"constructor", "destructor", "section", "init_priority", "alias", "ifunc", "weak", "weakref",
                     "symver", "visibility", "used", "retain", "naked", "target_clones"}
TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|[A-Za-z_]\w*|\[\[|\]\]|\S')


@dataclass
class Own:
    """What the preprocessed lines of the file itself hold (line markers say which file
    each line is from): its tokens, string literals dropped, and its #pragma lines."""
    tokens: list[str] = field(default_factory=list)
    pragmas: list[str] = field(default_factory=list)


def own_part(preprocessed: str, own: str) -> Own:
    keep, out = False, Own()
    for ln in preprocessed.splitlines():
        m = re.match(r'#\s*(\d+)\s+"([^"]*)"', ln)
        if m:
            keep = os.path.normpath(m.group(2)) == own
        elif keep and ln.lstrip().startswith("#pragma"):
            out.pragmas.append(ln.strip())
        elif keep:
            out.tokens += [t for t in TOKEN.findall(ln) if t[0] not in "\"'"]
    return out


def attribute_names(tokens: list[str]) -> list[str]:
    """The names inside __attribute__((...)) and [[...]] of a token list."""
    names, i = [], 0
    while i < len(tokens):
        t = tokens[i]
        if t in ("__attribute__", "__attribute"):
            depth, j = 0, i + 1
            while j < len(tokens):
                depth += tokens[j] == "("
                depth -= tokens[j] == ")"
                if depth == 2 and re.fullmatch(r"[A-Za-z_]\w*", tokens[j]) and tokens[j - 1] in ("(", ","):
                    names.append(tokens[j].strip("_"))
                if depth == 0 and j > i + 1:
                    break
                j += 1
            i = j
        elif t == "[[":
            j = i + 1
            while j < len(tokens) and tokens[j] != "]]":
                if re.fullmatch(r"[A-Za-z_]\w*", tokens[j]) and tokens[j - 1] in ("[[", ",", ":"):
                    names.append(tokens[j].strip("_"))
                j += 1
            i = j
        i += 1
    return names


def unsanitized(part: Own) -> int:
    return sum(a.startswith("no_sanitize") for a in attribute_names(part.tokens))


# The compiler's -E output says by line markers (# N "file" flags) which file each stretch of
# text comes from, and own_part and the include check trust them. A line of the file's own
# text that reads as a marker - a #line directive, one split by backslash-newlines or spelled
# with %: or comments, or such a line inside a raw string - would pass the rest of the file
# off as a header's, unchecked. Comments go first (a comment may hide nothing the compiler
# keeps); strings and raw strings stay (a marker inside one is what is looked for).
LEXED = re.compile(rb"""R"([^()\\ \t\n]{0,16})\((?:.|\n)*?\)\1"|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'"""
                   rb"|(/\*(?:.|\n)*?\*/|//[^\n]*)", re.S)
MARKER_LINE = re.compile(rb"^[ \t]*(?:#|%:)[ \t]*(?:line\b|[0-9])", re.M)


def marker_problems(text: bytes) -> list[str]:
    """Check 2 on the file's own text, before the compiler's: no line that its -E output
    would show as a line marker."""
    spliced = re.sub(rb"\\[ \t]*\r?\n", b"", text)
    plain = LEXED.sub(lambda m: b" " if m.group(2) else m.group(0), spliced)
    m = MARKER_LINE.search(plain)
    if not m:
        return []
    line = plain[m.start():].split(b"\n", 1)[0].strip().decode(errors="replace")[:60]
    return [f"it has a #line directive or a line that reads as a compiler line marker ({line!r}): it would hide "
            "the code after it from this check"]


def source_problems(mine: Own, stub: Own | None) -> list[str]:
    """Check 2 on the file's own part (own_part); `stub`: its release stub's, when the
    file turns a sanitizer off anywhere (a given macro may, as 04's PARLAB_TASK_CREATOR)."""
    problems = []
    if {"asm", "__asm", "__asm__"} & set(mine.tokens):
        problems.append("it has an asm statement: exercise files are C++ only")
    bad = sorted(BANNED_ATTRIBUTES & set(attribute_names(mine.tokens)))
    if bad:
        problems.append("it uses the attribute(s) " + ", ".join(bad) + ", which place code or change linkage")
    if any(re.match(r"#\s*pragma\s+(weak|redefine_extname)\b", p) for p in mine.pragmas):
        problems.append("it has a #pragma weak or redefine_extname")
    if unsanitized(mine) > (unsanitized(stub) if stub else 0):
        problems.append("it turns off a sanitizer (no_sanitize) where its stub does not: the race check must see"
                        " all of its code")
    return problems


def review_flags(mine: Own) -> list[str]:
    """Allowed constructs that an attack beyond the gate would need: for a person to look at."""
    flags = []
    if "reinterpret_cast" in mine.tokens:
        flags.append("reinterpret_cast")
    if re.search(r"\( \* \) \(", " ".join(mine.tokens)):
        flags.append("function pointer types")
    if "volatile" in mine.tokens:
        flags.append("volatile")
    return flags


def included_files(preprocessed: str) -> list[str]:
    """Every file the preprocessor read, named by the line markers of its -E output (the
    list -M gives: tests/grading/gate_rules.py compares them). The file's own text adds no
    marker (marker_problems), so a name here was read, never made up to hide one."""
    names = (re.sub(r"\\(.)", r"\1", m.group(1)) for m in MARKER.finditer(preprocessed))
    return list(dict.fromkeys(n for n in names if not n.startswith("<")))  # not <built-in>, <command-line>


MARKER = re.compile(r'^#\s*\d+\s+"((?:[^"\\]|\\.)*)"', re.M)


def include_problems(files: list[str], allowed_roots: list[str]) -> list[str]:
    """Every file the compiler read must lie under the system's or the workspace's folders."""
    outside = []
    for f in files:
        p = os.path.normpath(f)
        if not any(p == r or p.startswith(r.rstrip("/") + "/") for r in allowed_roots):
            outside.append(p)
    if outside:
        return ["it includes " + ", ".join(outside[:4]) + ": exercise files may include only system headers"
                " and the release's own files"]
    return []


# ---------------------------------------------------------------- one file
SYSTEM_ROOTS = ["/usr/include", "/usr/lib/gcc", "/usr/lib/llvm-14", "/usr/lib/x86_64-linux-gnu/openmpi/include",
                "/usr/lib/aarch64-linux-gnu/openmpi/include", "/usr/lib/x86_64-linux-gnu/mpich/include",
                "/usr/local/include", "/usr/share/eigen3", "/usr/include/eigen3"]


@dataclass
class FileCheck:
    rel: str
    problems: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


@dataclass
class Scan:
    """What the compiler says of one source in one build, for each compilation of it up to
    the first whose includes are refused: (args, cwd, include problems, its own part of the
    preprocessed text, None where the includes were refused); `text`: the file as scanned."""
    text: bytes = b""
    entries: list[tuple[list[str], str, list[str], Own | None]] = field(default_factory=list)


def scan_source(ws, build: Path, rel: str) -> Scan:
    """The compiler's part of check 1 and 2 (one -E: the files it read, and the file's own
    text): it only reads the sources, so the files of a submission are scanned side by side.
    Its view holds nothing but the system, the release and the build, so preprocessing a
    file whose includes are then refused reads nothing secret."""
    scan = Scan((ws.src / rel).read_bytes())
    own = os.path.normpath(ws.inside(ws.src / rel))
    roots = SYSTEM_ROOTS + [ws.inside(ws.src), ws.inside(build)]
    for args, cwd, _ in ws.compile_entries(build, rel):
        kept = ws.scans.get(build, rel, args, cwd, scan.text)  # kept_scans.py: nothing it read changed
        if kept is None:
            rc, pre, _ = ws.builder_output(build, args + ["-E"], cwd)
            if rc != 0:
                continue  # it does not compile: the build says so, with the compiler's words
            files = included_files(pre)
            mine = own_part(pre, own)
            kept = {"files": files, "own": [mine.tokens, mine.pragmas]}
            ws.scans.put(build, rel, args, cwd, scan.text, files, own, kept)
        inc = include_problems(kept["files"], roots)  # judged anew, as the rest (judge_source)
        scan.entries.append((args, cwd, inc, None if inc else Own(*kept["own"])))
        if inc:  # nothing more of such a file is looked at
            break
    return scan


def judge_source(ws, build: Path, rel: str, scan: Scan, stub_text: bytes | None) -> FileCheck:
    """Checks 1 and 2 from a scan, in the order of the compilations; stops at the first
    problem. The stub's text is preprocessed here (put in place for a moment): never while
    other files are scanned."""
    fc = FileCheck(rel)
    own = os.path.normpath(ws.inside(ws.src / rel))
    fc.problems += marker_problems(scan.text)
    if fc.problems:
        return fc
    for args, cwd, inc, mine in scan.entries:
        fc.problems += inc
        if fc.problems:
            break
        stub = None
        if stub_text is not None and unsanitized(mine):
            stub = own_part(preprocess_stub(ws, build, rel, stub_text, args, cwd), own)
        fc.problems += source_problems(mine, stub)
        fc.review += [f for f in review_flags(mine) if f not in fc.review]
    return fc


def check_sources(ws, build: Path, stubs: dict[str, bytes | None]) -> dict[str, FileCheck]:
    """Checks 1 and 2 for each source of `stubs` (file of WS/src: its release stub's text), as
    `build` compiles it (`ws`: the Workspace); before the build, so a file that fails is not
    compiled. The compiler runs for ws.jobs files at a time (a submission of 9 files: 3.8 -> 2 s
    on 2 cores), the judging and any stub put in place after, one file at a time."""
    rels = list(stubs)
    ws.scans.load()
    with ThreadPoolExecutor(max_workers=max(1, min(ws.jobs, len(rels)))) as pool:
        scans = list(pool.map(lambda rel: scan_source(ws, build, rel), rels))
    ws.scans.save()
    return {rel: judge_source(ws, build, rel, scan, stubs[rel]) for rel, scan in zip(rels, scans)}


def preprocess_stub(ws, build: Path, rel: str, stub_text: bytes, args: list[str], cwd: str) -> str:
    """The release's stub of `rel`, preprocessed with the same flags (it is put in place
    for the moment and the submission's file back after)."""
    path = ws.src / rel
    mine = path.read_bytes()
    try:
        path.write_bytes(stub_text)
        return ws.builder_output(build, args + ["-E"], cwd)[1]
    finally:
        path.write_bytes(mine)
        os.utime(path)


def check_objects(ws, builds: list[Path], put_at: dict[str, float]) -> dict[str, list[str]]:
    """Check 3 for every object the builds made from each file `rel` of `put_at` from its
    content now: no older than its mtime put_at[rel], fresh or that of the compile whose
    objects it kept (kept_objects.py); an older object is another submission's, or of a
    target this grade did not build. ws.jobs objects at a time. Returns each file's problems."""
    problems: dict[str, list[str]] = {rel: [] for rel in put_at}
    for build in builds:
        made = [(rel, obj) for rel, since in put_at.items() for _, _, obj in ws.compile_entries(build, rel)
                if obj is not None and obj.exists() and obj.stat().st_mtime >= since]
        if not made:
            continue
        exercises = {o for f in ws.rubric["files"] for _, _, o in ws.compile_entries(build, f) if o}
        given = given_symbols(ws.current_objects(build), exercises)  # the given code's symbols, once per build
        oracles = ws.rubric.get("oracles", [])
        with ThreadPoolExecutor(max_workers=max(1, min(ws.jobs, len(made)))) as pool:
            found = list(pool.map(lambda m: object_problems(m[1], given, oracles), made))
        for (rel, _), f in zip(made, found):
            problems[rel] += [p for p in f if p not in problems[rel]]
    return problems
