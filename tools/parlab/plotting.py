"""matplotlib, when this Python has it (Debian: python3-matplotlib; a pyenv or venv python
first on PATH often lacks it while /usr/bin/python3 has it)."""
import os
import subprocess
import sys


def load_matplotlib(who: str):
    """pyplot on the Agg backend, or None after a line on stderr saying how to get it."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        return plt
    except ImportError:
        print(f"{who}: matplotlib is not available in this Python ({sys.executable}): no plots.\n"
              "  Debian/Ubuntu: apt install python3-matplotlib and run the tool with /usr/bin/python3\n"
              "  (a pyenv/venv python on PATH may not see it); elsewhere: pip install matplotlib",
              file=sys.stderr)
        return None


def reexec_with_system_python(who: str):
    """A pyenv/venv python first on PATH often lacks matplotlib while Debian's /usr/bin/python3
    has it (python3-matplotlib): run the calling script (sys.argv[0]) with that one instead, once."""
    system = "/usr/bin/python3"
    try:
        import matplotlib  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("PARLAB_PLOT_REEXEC") or os.path.realpath(sys.executable) == os.path.realpath(system):
        return
    if os.access(system, os.X_OK) and subprocess.run([system, "-c", "import matplotlib"],
                                                     capture_output=True).returncode == 0:
        print(f"{who}: {sys.executable} has no matplotlib; running with {system}", file=sys.stderr)
        os.environ["PARLAB_PLOT_REEXEC"] = "1"
        os.execv(system, [system, os.path.abspath(sys.argv[0])] + sys.argv[1:])
