#!/usr/bin/env python3
"""tools/make_release.py --out DIR [--modules 01,03] [--others drop|strip] [--assigned ...] - the
student release: the same tree, no solutions (make student).

The code is tools/parlab/release/make.py; this file is its entry point."""
import sys

from parlab.release import make

if __name__ == "__main__":
    sys.exit(make.main())
