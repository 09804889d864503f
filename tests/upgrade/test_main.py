"""The command line, run as `python -m edward_lite.upgrade`."""

import os
import subprocess
import sys

import pytest

from tests import test_util
from tests.upgrade._subprocess import ROOT, run_all

LEGACY = (b"import edward as ed  # keep me\n"
          b"import tensorflow as tf\n"
          b"q = ed.KLqp({}, {})\n")
UPGRADED = (b"import edward_lite as ed  # keep me\n"
            b"import tensorflow.compat.v1 as tf\n"
            b"q = ed.KLqp({}, {})\n")
BROKEN = b"import edward as ed\n\nprint 'loss', 1.0\n"
SLIM = (b"import edward as ed\n"
        b"from tensorflow.contrib import slim\n")
TOOL = ["-m", "edward_lite.upgrade"]


def _write(path, data):
  os.makedirs(os.path.dirname(str(path)), exist_ok=True)
  with open(str(path), "wb") as handle:
    handle.write(data)


def _read(path):
  with open(str(path), "rb") as handle:
    return handle.read()


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
  """Lays out one directory per scenario and runs the tool in all at once."""
  base = tmp_path_factory.mktemp("cli")
  _write(base / "file" / "old.py", LEGACY)
  _write(base / "tree" / "legacy" / "gan.py", LEGACY)
  _write(base / "tree" / "legacy" / "data" / "faces.csv", b"1,2\n")
  _write(base / "tree" / "legacy" / "old.py", BROKEN)
  _write(base / "inplace" / "gan.py", LEGACY)
  _write(base / "slim" / "gan.py", SLIM)
  results = run_all({
      "file": (base / "file",
               TOOL + ["--infile", "old.py", "--outfile", "new.py"]),
      "tree": (base / "tree", TOOL + ["--intree", "legacy", "--outtree",
                                      "new", "--reportfile", "tree.txt"]),
      "inplace": (base / "inplace", TOOL + ["--infile", "gan.py",
                                            "--inplace"]),
      "slim": (base / "slim", TOOL + ["--infile", "gan.py", "--outfile",
                                      "new.py"]),
  })
  return base, results


def test_infile_outfile_and_report(runs):
  base, results = runs
  tmp_path = base / "file"
  process = results["file"]
  assert process.returncode == 0
  assert _read(tmp_path / "new.py") == UPGRADED
  assert _read(tmp_path / "old.py") == LEGACY
  report = _read(tmp_path / "report.txt").decode("utf-8").splitlines()
  assert report[6:12] == [
      "File: old.py",
      "Output: new.py",
      "-" * 80,
      "old.py:1:7: INFO: Changed 'import edward as ed' to 'import "
      "edward_lite as ed': edward_lite is Edward's API on TensorFlow 2, "
      "under a new name.",
      "old.py:2:7: INFO: Changed 'import tensorflow as tf' to 'import "
      "tensorflow.compat.v1 as tf': TF1 code (placeholders, sessions, "
      "tf.layers, tf.train optimizers, tf.flags, tf.app) runs through "
      "tf.compat.v1.",
      "old.py:3:4: WARNING: 'ed.KLqp': edward_lite implements only Edward's "
      "adversarial inferences (GANInference, BiGANInference, WGANInference, "
      "ImplicitKLqp), so this line is left as it is; fit this model with "
      "TensorFlow Probability (tfp.vi) or keep it on Edward 1.3.5 with "
      "TensorFlow 1.x.",
  ]
  assert report[-1] == "Summary: 1 file, 2 changes, 1 warning, 0 errors."
  stdout = process.stdout.splitlines()
  assert stdout == [report[11], report[-1],
                    "The full report is in 'report.txt'."]


def test_intree_outtree_converts_and_copies_other_files(runs):
  base, _ = runs
  tmp_path = base / "tree"
  assert _read(tmp_path / "new" / "gan.py") == UPGRADED
  assert _read(tmp_path / "new" / "data" / "faces.csv") == b"1,2\n"
  # The file that cannot be parsed is copied as it was, so the tree is whole.
  assert _read(tmp_path / "new" / "old.py") == BROKEN


def test_inplace(runs):
  base, results = runs
  assert results["inplace"].returncode == 0
  assert _read(base / "inplace" / "gan.py") == UPGRADED


def test_unparsable_file_fails_naming_file_and_line(runs):
  base, results = runs
  process = results["tree"]
  assert process.returncode == 1
  message = ("legacy/old.py:3:0: cannot parse this file: Missing parentheses "
             "in call to 'print'. Did you mean print(...)?")
  assert process.stderr.splitlines()[-1] == message
  report = _read(base / "tree" / "tree.txt").decode("utf-8").splitlines()
  assert ("legacy/old.py:3:0: ERROR: cannot parse this file, so it was not "
          "rewritten: Missing parentheses in call to 'print'. Did you mean "
          "print(...)?") in report
  assert report[-1] == "Summary: 2 files, 2 changes, 1 warning, 1 error."


def test_prints_the_install_that_the_new_code_needs(runs):
  base, results = runs
  process = results["slim"]
  assert process.returncode == 0
  assert _read(base / "slim" / "new.py") == (b"import edward_lite as ed\n"
                                             b"import tf_slim as slim\n")
  needs = ("gan.py: NEEDS: pip install \"edward-lite[legacy]\" for tf_slim, "
           "which the new code imports and edward-lite's core install does "
           "not bring.")
  assert process.stdout.splitlines() == [
      needs, "Summary: 1 file, 2 changes, 0 warnings, 0 errors.",
      "The full report is in 'report.txt'."]
  report = _read(base / "slim" / "report.txt").decode("utf-8").splitlines()
  assert report[-3:] == [needs, "", process.stdout.splitlines()[1]]


def test_the_tool_starts_quiet(tmp_path):
  # As a user's shell runs it: no TF_CPP_MIN_LOG_LEVEL (run_all sets 3).
  _write(tmp_path / "old.py", LEGACY)
  result = subprocess.run(
      [sys.executable] + TOOL + ["--infile", "old.py", "--outfile", "new.py"],
      capture_output=True, text=True, timeout=300, cwd=str(tmp_path),
      env=test_util.user_environment(PYTHONPATH=ROOT))
  assert result.returncode == 0, result.stderr[-3000:]
  assert _read(tmp_path / "new.py") == UPGRADED
  assert test_util.noise_lines(result.stderr) == []
  assert result.stderr == ""


def test_the_default_report_never_replaces_a_file(tmp_path, monkeypatch,
                                                  capsys):
  from edward_lite.upgrade.__main__ import main  # pylint: disable=g-import-not-at-top
  monkeypatch.chdir(tmp_path)
  _write(tmp_path / "old.py", LEGACY)
  _write(tmp_path / "report.txt", b"my own notes\n")
  _write(tmp_path / "report_1.txt", b"an earlier report\n")
  assert main(["--infile", "old.py", "--outfile", "new.py"]) == 0
  assert _read(tmp_path / "report.txt") == b"my own notes\n"
  assert _read(tmp_path / "report_1.txt") == b"an earlier report\n"
  report = _read(tmp_path / "report_2.txt").decode("utf-8").splitlines()
  assert report[-1] == "Summary: 1 file, 2 changes, 1 warning, 0 errors."
  assert capsys.readouterr().out.splitlines()[-1] == (
      "The full report is in 'report_2.txt'.")


def test_a_named_report_file_is_replaced_and_the_tool_says_so(
    tmp_path, monkeypatch, capsys):
  from edward_lite.upgrade.__main__ import main  # pylint: disable=g-import-not-at-top
  monkeypatch.chdir(tmp_path)
  _write(tmp_path / "old.py", LEGACY)
  _write(tmp_path / "notes.txt", b"old\n")
  assert main(["--infile", "old.py", "--outfile", "new.py", "--reportfile",
               "notes.txt"]) == 0
  assert _read(tmp_path / "notes.txt").startswith(
      b"edward_lite upgrade report\n")
  assert capsys.readouterr().out.splitlines()[-1] == (
      "The full report is in 'notes.txt' (it replaced the file of that "
      "name).")
