"""parlab autograder, one module per job (grading/grade.py is the command line).

  rubric      the rubric file: items, points, limits
  uids        which uids grade, and the locks that keep graders apart
  sandbox     running one untrusted command: its own uid, view of the files, limits
  workspace   the release built once, restored before and after every submission
  submission  taking the exercise files (and only those) from a submission
  verdicts    evidence -> pass/fail: Catch2 JUnit reports, benchmark records
  report      results.json (Gradescope), JUnit XML, the summary table
  grader      the grading steps of one submission, top to bottom
  batch       a folder of submissions, in parallel slots
  package     the Gradescope autograder zip
  cli         the command line
"""
