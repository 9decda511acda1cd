#!/usr/bin/env python3
"""tools/classroom_build.py --targets T... - the GitHub Classroom workflow's build: an exercise
file that does not compile is graded with its release stub in its place, as the grader does.

The code is tools/parlab/classroom_build.py; this file is its entry point."""
import sys

from parlab import classroom_build

if __name__ == "__main__":
    sys.exit(classroom_build.main())
