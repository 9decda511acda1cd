#!/usr/bin/env python3
"""parlab autograder (the command line; the grader is the package grading/autograder/).

    grading/grade.py --assignment 01-sequential --submission path/to/files-or-tree
    grading/grade.py --help
"""
import sys

from autograder.cli import main

if __name__ == "__main__":
    sys.exit(main())
