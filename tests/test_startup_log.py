"""edward_lite._startup_log: TensorFlow's start-up lines, kept off stderr.

The filter is checked on the lines TensorFlow 2.21 printed here (issue
14), then on a stand-in for TensorFlow's import in a child process that
never imports TensorFlow, then on `import edward_lite` itself.
"""

import os
import subprocess
import sys
import textwrap

import pytest

from edward_lite import _startup_log
from tests import test_util

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ABSL = (b"WARNING: All log messages before absl::InitializeLog() is called "
        b"are written to STDERR")
ONEDNN = (b"I0000 00:00:1796236261.862591    5570 port.cc:153] oneDNN custom "
          b"operations are on. You may see slightly different numerical "
          b"results due to floating-point round-off errors from different "
          b"computation orders. To turn them off, set the environment "
          b"variable `TF_ENABLE_ONEDNN_OPTS=0`.")
NO_DRIVER = (b"I0000 00:00:1796236261.863048    5570 cudart_stub.cc:31] Could "
             b"not find cuda drivers on your machine, GPU will not be used.")
CPU_FEATURES = (b"I0000 00:00:1796236332.027838    6126 cpu_feature_guard.cc:"
                b"227] This TensorFlow binary is optimized to use available "
                b"CPU instructions in performance-critical operations.")
CPU_FEATURES_2 = (b"To enable the following instructions: AVX2 AVX512F "
                  b"AVX512_VNNI AVX512_BF16 FMA, in other operations, rebuild "
                  b"TensorFlow with the appropriate compiler flags.")
CUINIT = (b"E0000 00:00:1796236272.403024    5570 cuda_platform.cc:52] failed "
          b"call to cuInit: INTERNAL: CUDA error: Failed call to cuInit: "
          b"UNKNOWN ERROR (303)")
# TensorFlow 2.19's format, from tensorflow/tensorflow#100442.
OLD_FORMAT_NO_DRIVER = (b"2025-09-17 14:44:05.157831: I external/local_xla/"
                        b"xla/tsl/cuda/cudart_stub.cc:32] Could not find cuda "
                        b"drivers on your machine, GPU will not be used.")
# Lines that matter, which must get through.
REAL_ERROR = (b"E0000 00:00:1796236272.5    5570 direct_session.cc:90] "
              b"Invalid argument: You must feed a value for placeholder")
PYTHON_WARNING = b"train.py:7: UserWarning: the pair was turned round"


@pytest.mark.parametrize("line", [ABSL, ONEDNN, NO_DRIVER, CPU_FEATURES,
                                  CPU_FEATURES_2, OLD_FORMAT_NO_DRIVER,
                                  ONEDNN + b"\r"])
def test_each_startup_line_is_noise(line):
  assert _startup_log.is_startup_noise(line, no_cuda_driver=False)


@pytest.mark.parametrize("line", [REAL_ERROR, PYTHON_WARNING, b"",
                                  b"oneDNN custom operations are on. (quoted)"])
def test_other_lines_are_not(line):
  assert not _startup_log.is_startup_noise(line, no_cuda_driver=True)


def test_a_failed_cuinit_is_noise_only_without_a_cuda_driver():
  assert _startup_log.is_startup_noise(CUINIT, no_cuda_driver=True)
  assert not _startup_log.is_startup_noise(CUINIT, no_cuda_driver=False)


def test_without_startup_noise_keeps_the_rest_in_order():
  text = b"\n".join([ABSL, ONEDNN, NO_DRIVER, REAL_ERROR, CPU_FEATURES,
                     CPU_FEATURES_2, PYTHON_WARNING, CUINIT, b"unfinished"])
  assert _startup_log.without_startup_noise(text) == (
      REAL_ERROR + b"\n" + PYTHON_WARNING + b"\nunfinished")


def test_without_a_no_driver_line_a_failed_cuinit_is_kept():
  text = b"\n".join([ABSL, CUINIT, b""])
  assert _startup_log.without_startup_noise(text) == CUINIT + b"\n"


@pytest.mark.parametrize("environ, modules, expected", [
    ({}, {}, True),
    ({"TF_CPP_MIN_LOG_LEVEL": "1"}, {}, True),
    ({"TF_CPP_MIN_LOG_LEVEL": "2"}, {}, True),
    ({"TF_CPP_MIN_LOG_LEVEL": "3"}, {}, True),
    ({"TF_CPP_MIN_LOG_LEVEL": " 2"}, {}, True),
    # What TensorFlow reads as 0, which shows every line.
    ({"TF_CPP_MIN_LOG_LEVEL": "0"}, {}, False),
    ({"TF_CPP_MIN_LOG_LEVEL": ""}, {}, False),
    ({"TF_CPP_MIN_LOG_LEVEL": "info"}, {}, False),
    ({"TF_CPP_MIN_LOG_LEVEL": "-1"}, {}, False),
    # Too late: TensorFlow's import already wrote its lines.
    ({}, {"tensorflow": object()}, False),
    ({"TF_CPP_MIN_LOG_LEVEL": "2"}, {"tensorflow": object()}, False),
])
def test_should_quiet_unless_the_user_asked_for_info_lines(environ, modules,
                                                           expected):
  assert _startup_log.should_quiet(environ, modules) is expected


# Loads _startup_log.py by its path, so that the child never imports
# TensorFlow (importing the edward_lite package would), then writes what
# TensorFlow's import would, from C (os.write) and from Python.
_STAND_IN = """
import importlib.util, os, sys
spec = importlib.util.spec_from_file_location(
    "startup_log", os.path.join({root!r}, "edward_lite", "_startup_log.py"))
startup_log = importlib.util.module_from_spec(spec)
spec.loader.exec_module(startup_log)
print("before", file=sys.stderr, flush=True)
lines = {lines!r}
try:
  with startup_log.quiet_start() as start:
    for line in lines:
      os.write(2, line + b"\\n")
    print("python line", file=sys.stderr)
    print("no driver:", start.no_cuda_driver(), "active:", start.active)
    if "raise" in sys.argv:
      raise KeyError("inside")
finally:
  print("level:", os.environ.get("TF_CPP_MIN_LOG_LEVEL"))
print("after", file=sys.stderr)
"""


def _stand_in(*args, **env_overrides):
  code = _STAND_IN.format(root=ROOT, lines=[
      ABSL, ONEDNN, NO_DRIVER, REAL_ERROR, CUINIT, CPU_FEATURES])
  return subprocess.run([sys.executable, "-c", code] + list(args),
                        capture_output=True, timeout=120,
                        env=test_util.user_environment(**env_overrides))


def test_quiet_start_drops_the_startup_lines_and_keeps_the_rest():
  result = _stand_in()
  assert result.returncode == 0, result.stderr
  assert result.stdout.decode().splitlines() == [
      "no driver: True active: True", "level: 1"]
  assert result.stderr == (b"before\n" + REAL_ERROR +
                           b"\npython line\nafter\n")


def test_quiet_start_writes_the_kept_lines_back_when_its_block_raises():
  result = _stand_in("raise")
  assert result.returncode == 1
  stderr = result.stderr.decode()
  assert stderr.startswith("before\n" + REAL_ERROR.decode() +
                           "\npython line\nTraceback")
  assert stderr.rstrip().endswith("KeyError: 'inside'")


@pytest.mark.parametrize("level", ["1", "2", "3"])
def test_a_level_above_0_set_by_the_user_is_kept_and_quiet(level):
  result = _stand_in(TF_CPP_MIN_LOG_LEVEL=level)
  assert result.returncode == 0, result.stderr
  assert result.stdout.decode().splitlines() == [
      "no driver: True active: True", "level: " + level]
  assert result.stderr == (b"before\n" + REAL_ERROR +
                           b"\npython line\nafter\n")


def test_a_log_level_of_0_leaves_stderr_alone():
  result = _stand_in(TF_CPP_MIN_LOG_LEVEL="0")
  assert result.returncode == 0, result.stderr
  assert result.stdout.decode().splitlines() == [
      "no driver: False active: False", "level: 0"]
  assert result.stderr == b"\n".join([
      b"before", ABSL, ONEDNN, NO_DRIVER, REAL_ERROR, CUINIT, CPU_FEATURES,
      b"python line", b"after", b""])


# A user's first lines: the import, a warning of their own, tf.layers,
# and a first session (where TensorFlow reports cuInit's failure). The
# level it ends with is printed after the shape.
_USER_SCRIPT = """
import warnings
import edward_lite as ed
import tensorflow.compat.v1 as tf
warnings.warn("a warning that matters")
x = tf.placeholder(tf.float32, [2, 3])
y = tf.layers.dense(x, 1)
with tf.Session() as sess:
  sess.run(tf.global_variables_initializer())
  print(sess.run(y, {x: [[0.0] * 3] * 2}).shape)
import os
print(os.environ["TF_CPP_MIN_LOG_LEVEL"])
"""

# The legacy way to silence TensorFlow: the script sets the level itself,
# before its imports.
_SETS_ITS_OWN_LEVEL = """
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = {level!r}
"""

# All that stderr gets when the start is quiet: the user's own warning
# (its line number counts the lines of the script's head).
_ONLY_THE_USERS_WARNING = "<string>:{}: UserWarning: a warning that matters\n"


def _user_script(head="", **env_overrides):
  """Runs the user's script in a new process; stderr is its fd 2, piped."""
  return subprocess.run(
      [sys.executable, "-c", textwrap.dedent(head) + _USER_SCRIPT],
      capture_output=True, text=True, timeout=300, cwd=ROOT,
      env=test_util.user_environment(**env_overrides))


def _warning_line(head):
  """The line number Python gives the user's warning."""
  lines = (textwrap.dedent(head) + _USER_SCRIPT).splitlines()
  return lines.index('warnings.warn("a warning that matters")') + 1


@pytest.mark.parametrize("level", [None, "1", "2", "3"],
                         ids=["unset", "1", "2", "3"])
def test_importing_edward_lite_starts_quiet(level):
  env = {} if level is None else {"TF_CPP_MIN_LOG_LEVEL": level}
  result = _user_script(**env)
  assert result.returncode == 0, result.stderr[-3000:]
  # An unset level becomes 1; the user's is kept.
  assert result.stdout.split() == ["(2,", "1)", level or "1"]
  # Not a TensorFlow line, and Python's warnings still show.
  assert result.stderr == _ONLY_THE_USERS_WARNING.format(_warning_line(""))


@pytest.mark.parametrize("level", ["2", "3"])
def test_a_script_that_sets_its_own_level_starts_quiet(level):
  head = _SETS_ITS_OWN_LEVEL.format(level=level)
  result = _user_script(head)
  assert result.returncode == 0, result.stderr[-3000:]
  assert result.stdout.split() == ["(2,", "1)", level]
  assert result.stderr == _ONLY_THE_USERS_WARNING.format(_warning_line(head))


@pytest.mark.parametrize("head, env", [
    ("", {"TF_CPP_MIN_LOG_LEVEL": "0"}),
    (_SETS_ITS_OWN_LEVEL.format(level="0"), {}),
], ids=["environment", "script"])
def test_a_log_level_of_0_brings_every_line_back(head, env):
  # The contrast: the same script prints TensorFlow's start-up lines
  # when the user asks for them, so the quiet above is edward_lite's.
  result = _user_script(head, **env)
  assert result.returncode == 0, result.stderr[-3000:]
  noise = test_util.noise_lines(result.stderr)
  for line in ["oneDNN custom operations are on",
               "Could not find cuda drivers",
               "This TensorFlow binary is optimized"]:
    assert any(line in shown for shown in noise), line
  assert "UserWarning: a warning that matters" in result.stderr
