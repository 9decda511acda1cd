#!/usr/bin/env python3
"""tools/summary.py [--status TOUR_STATUS.tsv] FILE.json... - the tour's table over parlab JSON records
and its lessons (tools/modules.sh runs it after a tour or bench).

The code is tools/parlab/tour/summary.py; this file is its entry point."""
import sys

from parlab.tour import summary

if __name__ == "__main__":
    sys.exit(summary.main(sys.argv))
