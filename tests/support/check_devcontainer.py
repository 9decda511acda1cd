#!/usr/bin/env python3
"""The Codespaces devcontainer (.devcontainer/devcontainer.json) can work.

It cannot be started here; what can be checked is: the file is JSON; its image is a
Debian or Ubuntu base; it asks for 2+ CPUs and the C++ and CMake extensions; every
repository script its commands name exists and is executable; on the Debian release the
image names (when this machine runs it) apt knows every package tools/install-deps.sh
installs; and tools/make_release.py puts it into the student release (where that tool is).
"""
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / ".devcontainer" / "devcontainer.json"
CODENAMES = {"bookworm": "debian 12", "trixie": "debian 13", "jammy": "ubuntu 22.04", "noble": "ubuntu 24.04"}
problems = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        problems.append(what)


def commands(spec):
    for key in ("onCreateCommand", "updateContentCommand", "postCreateCommand", "postStartCommand"):
        cmd = spec.get(key)
        if isinstance(cmd, str):
            yield key, cmd.split()
        elif isinstance(cmd, list):
            yield key, cmd
        elif isinstance(cmd, dict):
            for v in cmd.values():
                yield key, v.split() if isinstance(v, str) else v


def main():
    spec = json.loads(SPEC.read_text())  # JSON without comments, so any tool can read it
    image = spec.get("image", "")
    m = re.search(r"devcontainers/(?:base|cpp):(?:\d+-)?(bookworm|trixie|jammy|noble|debian-\d+|ubuntu-[\d.]+)$", image)
    check(bool(m), f"image is a Debian or Ubuntu devcontainer base: {image!r}")
    check(spec.get("hostRequirements", {}).get("cpus", 0) >= 2, "hostRequirements.cpus >= 2")
    exts = spec.get("customizations", {}).get("vscode", {}).get("extensions", [])
    for ext in ("ms-vscode.cpptools", "ms-vscode.cmake-tools"):
        check(ext in exts, f"extension {ext}")
    named = [(key, w) for key, argv in commands(spec) for w in argv if "/" in w and not w.startswith("-")]
    check(any("tools/install-deps.sh" in w for _, w in named), "a command runs tools/install-deps.sh")
    for key, w in named:
        path = ROOT / w
        check(path.is_file() and path.stat().st_mode & 0o111, f"{key}: {w} exists and is executable")

    # The packages on the image's release: only checkable on a machine of that release.
    codename = m.group(1) if m else ""
    here = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().split("\n") if "=" in line)
    here_code = here.get("VERSION_CODENAME", "").strip('"')
    if codename == here_code:
        pkgs = subprocess.run([str(ROOT / "tools/install-deps.sh"), "--list"], capture_output=True, text=True,
                              check=True).stdout.split()
        out = subprocess.run(["apt-cache", "show", "--no-all-versions", *pkgs], capture_output=True, text=True)
        known = set(re.findall(r"^Package: (\S+)", out.stdout, re.M))
        missing = [p for p in pkgs if p not in known]
        check(not missing, f"apt on {here_code} knows all {len(pkgs)} packages of install-deps.sh"
              + (f" (unknown: {' '.join(missing)})" if missing else ""))
    else:
        print(f"skip the package check: the image is {CODENAMES.get(codename, codename)}, this machine "
              f"{here_code or 'unknown'}")

    tool = ROOT / "tools" / "make_release.py"
    if tool.is_file():
        with tempfile.TemporaryDirectory(prefix="parlab-devcontainer-") as tmp:
            out = Path(tmp) / "release"
            subprocess.run([sys.executable, str(tool), "--out", str(out), "--quiet"], check=True)
            copy = out / ".devcontainer" / "devcontainer.json"
            check(copy.is_file() and copy.read_bytes() == SPEC.read_bytes(), "the student release has it, unchanged")
    else:
        print("skip the release check: this is a release (no tools/make_release.py)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
