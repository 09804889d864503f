"""The start-up benchmark runs, and its JSON follows from its own timings.

No assertion is made about the times themselves.
"""

import json
import os
import statistics
import subprocess
import sys

import pytest

from benchmarks import startup

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def test_summary_is_medians_and_the_median_of_per_round_ratios():
  times = {"python": [0.02, 0.03, 0.01],
           "upgrade_help": [0.2, 0.6, 0.3],
           "import_tensorflow": [4.0, 3.0, 6.0],
           "import_edward_lite": [4.4, 3.0, 6.6]}
  summary = startup.summarize(times)
  assert summary["median_seconds"] == {"python": 0.02, "upgrade_help": 0.3,
                                       "import_tensorflow": 4.0,
                                       "import_edward_lite": 4.4}
  # Per round 0.05, 0.2 and 0.05: not 0.3 / 4.0, the ratio of medians.
  assert summary["upgrade_vs_tensorflow"] == 0.05
  # Per round 1.1, 1.0 and 1.1.
  assert summary["vs_import_tensorflow"]["import_edward_lite"] == (
      pytest.approx(1.1))
  assert summary["vs_import_tensorflow"]["import_tensorflow"] == 1.0


def test_one_round_writes_every_time_and_its_summary(tmp_path):
  out = tmp_path / "startup.json"
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
  result = subprocess.run(
      [sys.executable, "-m", "benchmarks.startup", "--rounds", "1", "--json",
       str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
      timeout=600)
  assert result.returncode == 0, result.stderr[-3000:]
  report = json.loads(out.read_text())
  names = [name for name, _, _ in startup.COMMANDS]
  assert sorted(report["seconds"]) == sorted(names)
  assert all(len(report["seconds"][name]) == 1 for name in names)
  assert report["median_seconds"] == {
      name: statistics.median(report["seconds"][name]) for name in names}
  assert report["upgrade_vs_tensorflow"] == (
      report["seconds"]["upgrade_help"][0] /
      report["seconds"]["import_tensorflow"][0])
  for name in names:
    assert report["vs_import_tensorflow"][name] == (
        report["seconds"][name][0] /
        report["seconds"]["import_tensorflow"][0])
  sentence = startup.readme_sentence(report)
  assert "`import edward_lite` {:.2f} s against `import tensorflow` {:.2f} s".format(
      report["median_seconds"]["import_edward_lite"],
      report["median_seconds"]["import_tensorflow"]) in sentence
  assert "by `python -m benchmarks.startup --rounds 1 --json" in sentence
  # The legacy script is timed to its first step, before its exit: more
  # than an interpreter, and it did train a step.
  assert (report["seconds"]["first_step"][0] >
          report["seconds"]["python"][0])
  assert result.stdout.splitlines()[-1] == (
      "upgrade --help / import tensorflow: {:.3f}".format(
          report["upgrade_vs_tensorflow"]))
