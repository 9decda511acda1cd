"""The verdict checks of the grader's rule tests (cost_rule.py, per_rule.py): each prints
ok or FAIL with what it got, and the exit code counts the failures."""
from __future__ import annotations


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.count = 0

    def that(self, name: str, ok: bool, got: object = "") -> None:
        self.count += 1
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {got}")
        if not ok:
            self.failures.append(name)

    def verdict(self, name: str, got: tuple, value: float | None, why: str = "") -> None:
        """got = (value or None, why): the value within 1e-9 (or None alike) and `why` in its text."""
        v, w = got
        self.that(name, (v is None) == (value is None) and (value is None or abs(v - value) < 1e-9) and why in w, got)

    def exit_code(self) -> int:
        print(f"{self.count - len(self.failures)} passed, {len(self.failures)} failed")
        return 1 if self.failures else 0
