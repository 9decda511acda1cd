#!/usr/bin/env python3
"""tools/module_tests.py [--build build/release] [--modules 03] [--no-race] - the student's loop:
tests, then the race check, per module (make test MODULE=NN).

The code is tools/parlab/module_tests.py; this file is its entry point."""
import sys

from parlab import module_tests

if __name__ == "__main__":
    sys.exit(module_tests.main())
