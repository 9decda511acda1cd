#!/usr/bin/env python3
"""tools/check_answer_leaks.py [--source .] [--release DIR] [--self-test] - no release file
outside an exercise's own module holds that exercise's solution (make student runs it).

The code is tools/parlab/release/answer_leaks.py; this file is its entry point."""
import sys

from parlab.release import answer_leaks

if __name__ == "__main__":
    sys.exit(answer_leaks.main())
