"""An example run as a user runs it prints no TensorFlow start-up noise.

tests/examples/test_examples.py runs the examples with
TF_CPP_MIN_LOG_LEVEL set, as the test process has it; here it is unset,
as in a user's shell, so the quiet comes from the examples themselves.
"""

import os
import subprocess
import sys

from tests import test_util

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))


def test_an_example_starts_quiet(tmp_path):
  result = subprocess.run(
      [sys.executable, os.path.join(REPO, "examples", "gan_1d.py"),
       "--n_iter", "4", "--n_print", "2", "--outdir", str(tmp_path)],
      capture_output=True, text=True, timeout=600, cwd=REPO,
      env=test_util.user_environment(MPLBACKEND="Agg"))
  assert result.returncode == 0, result.stderr[-3000:]
  assert test_util.noise_lines(result.stderr) == []
  assert result.stderr == ""
  # It did run: the progress bar reached its last step.
  assert "4/4 [100%]" in result.stdout
