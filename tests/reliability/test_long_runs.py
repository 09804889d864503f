"""Long runs: 20,000 updates leave memory flat and the graph as it was.

Runs benchmarks/reliability_rss.py (the script that writes the numbers of
docs/reliability.md) in a new process, so that only the run's own memory
is measured, and checks what it reports.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.reliability._jobs import ROOT

UPDATES = 20000
WARM = 2000
# Allowed growth after the warm-up: 4 MiB over 18,000 updates is under
# 240 bytes an update, far below a feed dict or an info dict a step
# (a leak of the step's arrays would be kilobytes an update).
SLACK_MIB = 4.0


@pytest.mark.slow
def test_twenty_thousand_updates_keep_memory_flat_and_the_graph_fixed(
    tmp_path):
  out = str(tmp_path / "rss.json")
  env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3",
             PYTHONPATH=os.pathsep.join(
                 [ROOT] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
  child = subprocess.run(
      [sys.executable, "-m", "benchmarks.reliability_rss", "--updates",
       str(UPDATES), "--no-docs", "--json", out], cwd=ROOT, env=env,
      capture_output=True, text=True, timeout=900, check=False)
  assert child.returncode == 0, child.stderr[-3000:]
  with open(out) as numbers:
    result = json.load(numbers)
  assert result["steps"] == list(range(0, UPDATES + 1, 1000))
  assert result["ops_after"] == result["ops_before"]
  assert result["losses_finite"]
  assert result["events_bytes"] > 0
  after_warm_up = result["rss_mib"][result["steps"].index(WARM):]
  assert max(after_warm_up) - after_warm_up[0] <= SLACK_MIB, after_warm_up
