"""matplotlib, when this Python has it (Debian: python3-matplotlib; a pyenv or venv python
first on PATH often lacks it while /usr/bin/python3 has it)."""
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
