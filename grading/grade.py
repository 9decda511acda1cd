#!/usr/bin/env python3
"""parlab autograder (the command line; the grader is the package grading/autograder/).

    grading/grade.py --assignment 01-sequential --submission path/to/files-or-tree
    grading/grade.py --help
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from autograder.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
