"""The report's exact text."""

from edward_lite.upgrade.report import FileReport, format_report
from edward_lite.upgrade.upgrader import LogEntry, UpgradeError


def test_report_text():
  reports = [
      FileReport("old/gan.py", "new/gan.py", [
          LogEntry("INFO", 3, 7, "Changed 'import edward as ed' to 'import "
                                 "edward_lite as ed': a reason."),
          LogEntry("WARNING", 9, 4, "'ed.KLqp': some advice."),
      ], None),
      FileReport("old/gan.ipynb", "new/gan.ipynb", [
          LogEntry("INFO", 2, 0, "Changed something.", cell=4)], None),
      FileReport("old/same.py", "new/same.py", [], None),
      FileReport("old/bad.py", None, [],
                 UpgradeError("old/bad.py", 5, 6, "invalid syntax")),
  ]
  assert format_report(reports) == """\
edward_lite upgrade report
==========================
Every change (INFO) and every line that needs a person (WARNING) or could not be
read (ERROR), at file:line:col with lines counted from 1 and columns from 0.

--------------------------------------------------------------------------------
File: old/gan.py
Output: new/gan.py
--------------------------------------------------------------------------------
old/gan.py:3:7: INFO: Changed 'import edward as ed' to 'import edward_lite as ed': a reason.
old/gan.py:9:4: WARNING: 'ed.KLqp': some advice.

--------------------------------------------------------------------------------
File: old/gan.ipynb
Output: new/gan.ipynb
--------------------------------------------------------------------------------
old/gan.ipynb[cell 4]:2:0: INFO: Changed something.

--------------------------------------------------------------------------------
File: old/same.py
Output: new/same.py
--------------------------------------------------------------------------------
No changes.

--------------------------------------------------------------------------------
File: old/bad.py
Output: none (not written)
--------------------------------------------------------------------------------
old/bad.py:5:6: ERROR: cannot parse this file, so it was not rewritten: invalid syntax

Summary: 4 files, 2 changes, 1 warning, 1 error.
"""


def test_summary_of_nothing():
  assert format_report([]).splitlines()[-1] == (
      "Summary: 0 files, 0 changes, 0 warnings, 0 errors.")
