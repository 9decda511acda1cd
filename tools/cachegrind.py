#!/usr/bin/env python3
"""tools/cachegrind.py [--build build/cachegrind] [--perf] -- DRIVER ARGS... - L1 and last-level
data misses per rung of a matmul driver, simulated by Valgrind's cachegrind.

The code is tools/parlab/analysis/cachegrind.py; this file is its entry point."""
import sys

from parlab.analysis import cachegrind

if __name__ == "__main__":
    sys.exit(cachegrind.main())
