#!/usr/bin/env python3
"""tools/check_release.py [--source .] --release DIR [--self-test] - the leak check of a student
release (make student runs it after tools/make_release.py).

The code is tools/parlab/release/check.py; this file is its entry point."""
import sys

from parlab.release import check

if __name__ == "__main__":
    sys.exit(check.main())
