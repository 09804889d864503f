"""The report's exact text."""

import json

from edward_lite.upgrade import files
from edward_lite.upgrade.report import FileReport, format_report
from edward_lite.upgrade.report import needs_lines
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


SLIM_SCRIPT = ("import edward as ed\n"
               "import tensorflow as tf\n"
               "slim = tf.contrib.slim\n")
SLIM_NOTEBOOK = json.dumps({
    "cells": [{"cell_type": "code", "execution_count": None, "metadata": {},
               "outputs": [],
               "source": ["from tensorflow.contrib import slim\n"]}],
    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def test_report_names_the_extra_that_a_rewritten_file_needs(tmp_path,
                                                            monkeypatch):
  monkeypatch.chdir(tmp_path)
  (tmp_path / "gan.py").write_text(SLIM_SCRIPT)
  (tmp_path / "gan.ipynb").write_text(SLIM_NOTEBOOK)
  (tmp_path / "plain.py").write_text("import edward as ed\n")
  reports = [files.process_file(name, "new_" + name)
             for name in ("gan.py", "gan.ipynb", "plain.py")]
  assert (tmp_path / "new_gan.py").read_text() == (
      "import edward_lite as ed\n"
      "import tensorflow.compat.v1 as tf\n"
      "import tf_slim\n"
      "slim = tf_slim\n")
  assert json.loads((tmp_path / "new_gan.ipynb").read_text())["cells"][0][
      "source"] == ["import edward_lite  # noqa: F401  (TF1 graph mode)\n",
                    "import tf_slim as slim\n"]
  assert format_report(reports) == """\
edward_lite upgrade report
==========================
Every change (INFO) and every line that needs a person (WARNING) or could not be
read (ERROR), at file:line:col with lines counted from 1 and columns from 0.

--------------------------------------------------------------------------------
File: gan.py
Output: new_gan.py
--------------------------------------------------------------------------------
gan.py:1:7: INFO: Changed 'import edward as ed' to 'import edward_lite as ed': edward_lite is Edward's API on TensorFlow 2, under a new name.
gan.py:2:7: INFO: Changed 'import tensorflow as tf' to 'import tensorflow.compat.v1 as tf': TF1 code (placeholders, sessions, tf.layers, tf.train optimizers, tf.flags, tf.app) runs through tf.compat.v1.
gan.py:3:7: INFO: Added 'import tf_slim' for the rewritten code on this line.
gan.py:3:7: INFO: Changed 'tf.contrib.slim' to 'tf_slim': tf.contrib.slim lives on as the tf_slim package.
gan.py: NEEDS: pip install "edward-lite[legacy]" for tf_slim, which the new code imports and edward-lite's core install does not bring.

--------------------------------------------------------------------------------
File: gan.ipynb
Output: new_gan.ipynb
--------------------------------------------------------------------------------
gan.ipynb[cell 1]:1:0: INFO: Changed 'from tensorflow.contrib import slim' to 'import tf_slim as slim': tf.contrib.slim lives on as the tf_slim package.
gan.ipynb[cell 1]:1:0: INFO: Added 'import edward_lite' before the TensorFlow import: it switches TensorFlow to TF1 graph mode with legacy tf.layers, which this script needs.
gan.ipynb: NEEDS: pip install "edward-lite[legacy]" for tf_slim, which the new code imports and edward-lite's core install does not bring.

--------------------------------------------------------------------------------
File: plain.py
Output: new_plain.py
--------------------------------------------------------------------------------
plain.py:1:7: INFO: Changed 'import edward as ed' to 'import edward_lite as ed': edward_lite is Edward's API on TensorFlow 2, under a new name.

Summary: 3 files, 7 changes, 0 warnings, 0 errors.
"""


def test_needs_lines_group_modules_by_extra_in_name_order():
  report = FileReport("a.py", "b.py", [], None,
                      (("tensorboard", "legacy"), ("tf_slim", "legacy"),
                       ("jax", "accelerated")))
  assert needs_lines(report) == [
      "a.py: NEEDS: pip install \"edward-lite[accelerated]\" for jax, which "
      "the new code imports and edward-lite's core install does not bring.",
      "a.py: NEEDS: pip install \"edward-lite[legacy]\" for tensorboard and "
      "tf_slim, which the new code imports and edward-lite's core install "
      "does not bring.",
  ]
  assert needs_lines(report._replace(extras=())) == []
