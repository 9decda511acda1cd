"""parlab's Python: one package for everything the command lines in tools/ and the grader
(grading/autograder, which reaches this package through the link grading/parlab) share.

  records       the JSON records the drivers write: the one reader, and the quantities a
                record carries (workers, speedups, Karp-Flatt), read as the C++ wrote them
  launcher      which mpirun is on PATH (Open MPI or MPICH) and the flags it needs
  load          is the machine busy: the load check of the tour and of make report
  plotting      matplotlib, when this Python has it
  tour          the tour's summary table, its expectations, its page
  analysis      make report, scaling tables and fits, their plots
  release       the student release: solution markers, making it, its leak check
  module_tests  the student's loop (make test MODULE=NN)
  check_refs    every file the docs and comments point at exists
  manifest      each module's module.json: its exercises, drivers, runs; the texts made from it

The entry points are the thin scripts in tools/ (tools/summary.py, tools/scaling.py, ...):
run them, not these modules. Adding a module: a file here (or in the subpackage of its
job) that imports only downward - records, launcher and load import nothing of parlab, and
tests/tools/test_package.py refuses an import cycle.
"""
from pathlib import Path

# The repository this package sits in (tools/parlab/..): where the release, report and
# check_refs find modules/, tests/ and grading/.
REPO = Path(__file__).resolve().parents[2]
