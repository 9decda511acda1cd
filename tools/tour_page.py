#!/usr/bin/env python3
"""tools/tour_page.py RESULTS_DIR - the tour's page, RESULTS_DIR/index.html (tools/modules.sh tour).

The code is tools/parlab/tour/page.py; this file is its entry point."""
import sys

from parlab.tour import page

if __name__ == "__main__":
    sys.exit(page.main(sys.argv))
