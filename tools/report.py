#!/usr/bin/env python3
"""tools/report.py MODULE [--build build/release] [--out report] [--quick] - the measurements a
module's REPORT.md asks for (make report MODULE=NN).

The code is tools/parlab/analysis/report.py; this file is its entry point."""
import sys

from parlab.analysis import report

if __name__ == "__main__":
    sys.exit(report.main())
