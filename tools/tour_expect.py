#!/usr/bin/env python3
"""tools/tour_expect.py JSON VARIANT WORKERS slower|faster [REASON] - mark what the tour expects
of one rung's ratio (tools/tour_lib.sh's expect_slower and expect_faster call it).

The code is tools/parlab/tour/expect.py; this file is its entry point."""
import sys

from parlab.tour import expect

if __name__ == "__main__":
    sys.exit(expect.main(sys.argv))
