#!/usr/bin/env python3
"""tools/exercise_sizes.py [--check] - the size of every exercise's reference solution, and
(--check) no exercise under 4 lines that does not say why. The code is
tools/parlab/exercise_sizes.py; this file is its entry point."""
import sys

from parlab import exercise_sizes

if __name__ == "__main__":
    sys.exit(exercise_sizes.main())
