#!/usr/bin/env python3
"""tools/check_refs.py [ROOT] - every file the project's docs and comments point at exists.

The code is tools/parlab/check_refs.py; this file is its entry point."""
import sys

from parlab import check_refs

if __name__ == "__main__":
    sys.exit(check_refs.main())
