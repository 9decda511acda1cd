#!/usr/bin/env python3
"""tools/scaling.py [options] FILE_OR_DIR... - scaling tables, fits and plots from parlab JSON
records (--help for the options).

The code is tools/parlab/analysis/scaling.py; this file is its entry point."""
import sys

from parlab.analysis import scaling

if __name__ == "__main__":
    sys.exit(scaling.main())
