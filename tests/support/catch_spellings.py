#!/usr/bin/env python3
"""Every Catch:: name the tests use exists under Catch2 v3 as well as v2.

CI builds against v2 only, so a v2-only spelling (Catch::StartsWith, which v3 moved to
Catch::Matchers) would break every student on v3 unseen. The v2 spellings the tests may
use are the ones tests/support/catch.hpp provides in its v3 branch, plus the names both
versions have in namespace Catch.
"""
import re
import sys
from pathlib import Path

BOTH = {"Session"}  # in namespace Catch in v2 and v3 alike
SHIM = Path(__file__).with_name("catch.hpp")


def v3_names(shim: str) -> set[str]:
    v3 = shim.split("#if PARLAB_CATCH_MAJOR == 3", 1)[1].split("#elif", 1)[0]
    return (set(re.findall(r"using Catch::(\w+);", v3))
            | set(re.findall(r"^inline [\w:]+ (\w+)\(", v3, re.M)))


def main() -> int:
    tests = SHIM.parents[1]
    allowed = BOTH | v3_names(SHIM.read_text())
    bad = []
    for p in sorted(tests.rglob("*")):
        if p.suffix not in (".cpp", ".hpp") or p == SHIM:
            continue
        for n, line in enumerate(p.read_text(errors="replace").splitlines(), 1):
            for name in re.findall(r"\bCatch::(\w+)", line):
                if name not in allowed:
                    bad.append(f"{p.relative_to(tests)}:{n}: Catch::{name}")
    if bad:
        print("not provided for Catch2 v3 by tests/support/catch.hpp (add it there):")
        print("\n".join(bad))
        return 1
    print(f"every Catch:: name is one of {sorted(allowed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
