"""Keeps TensorFlow's start-up lines off stderr when the user has not chosen.

Importing TensorFlow 2.21 on a machine without a GPU writes, from C++, to
the process's stderr (file descriptor 2):

    WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
    I0000 00:00:...  port.cc:153] oneDNN custom operations are on. ...
    I0000 00:00:...  cudart_stub.cc:31] Could not find cuda drivers on your machine, GPU will not be used.
    I0000 00:00:...  cpu_feature_guard.cc:227] This TensorFlow binary is optimized ...
    To enable the following instructions: AVX2 ..., rebuild TensorFlow with ...

(the first three once for each of its two shared libraries), and its
first device listing, usually the first session, adds

    E0000 00:00:...  cuda_platform.cc:52] failed call to cuInit: ... UNKNOWN ERROR (303)

They read like failures and are none: the machine has no CUDA driver,
so TensorFlow uses the CPU. `TF_CPP_MIN_LOG_LEVEL` cannot hide most of
them: they are logged while each library loads, before TensorFlow reads
the variable (tensorflow/tensorflow#100442), and the cuInit line is an
error, which only level 3 (no errors at all) hides.

`quiet_start()` is what `edward_lite/_tf.py` imports TensorFlow inside.
When TensorFlow is not imported yet and `TF_CPP_MIN_LOG_LEVEL` is unset
or asks for fewer lines than INFO (1, 2 or 3: the usual legacy line
`os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"` before the imports), it sends
stderr to a temporary file while TensorFlow loads, then writes back
every line except those above; an unset level becomes 1 (TensorFlow's
C++ INFO lines off, warnings and errors on), a level the user set is
kept. A level TensorFlow reads as 0 (0, or not a number) asks for
every line: then, as when TensorFlow was imported first, it changes
nothing. docs/import-side-effects.md says how to get the lines back.
"""

import contextlib
import os
import re
import sys
import tempfile

__all__ = ["LEVEL_VARIABLE", "NO_CUDA_DRIVER", "QUIET_LEVEL", "StartupLines",
           "is_startup_noise", "quiet_start", "should_quiet",
           "without_startup_noise"]

LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL"
QUIET_LEVEL = "1"

# The prefix of a line of TensorFlow's C++ log, in absl's format
# ("I0000 00:00:1796236089.763956    4349 port.cc:153] ") or TensorFlow's
# older one ("2025-09-17 14:44:05.157831: I external/.../port.cc:153] ").
_LOG_PREFIX = rb"(?:[IWEF]\d{4} \S+\s+\d+ |\d{4}-\d\d-\d\d \S+: [IWEF] )\S*"

NO_CUDA_DRIVER = re.compile(
    _LOG_PREFIX + rb"cudart_stub\.cc:\d+\] Could not find cuda drivers on "
    rb"your machine, GPU will not be used\.$")

_ALWAYS_NOISE = (
    re.compile(rb"WARNING: All log messages before absl::InitializeLog\(\) "
               rb"is called are written to STDERR$"),
    re.compile(_LOG_PREFIX + rb"port\.cc:\d+\] oneDNN custom operations are "
               rb"on\. "),
    NO_CUDA_DRIVER,
    re.compile(_LOG_PREFIX + rb"cpu_feature_guard\.cc:\d+\] This TensorFlow "
               rb"binary is optimized to use available CPU instructions"),
    re.compile(rb"To enable the following instructions: [A-Z0-9_ ,]+ in "
               rb"other operations, rebuild TensorFlow with the appropriate "
               rb"compiler flags\.$"),
)

# Only noise where there is no CUDA driver to initialize; on a machine
# with one, the same line says why its GPU is not used, and is kept.
_CUINIT_FAILED = re.compile(
    _LOG_PREFIX + rb"cuda_platform\.cc:\d+\] failed call to cuInit: ")


def is_startup_noise(line, no_cuda_driver):
  """Whether `line` is one of TensorFlow's start-up lines listed above.

  Args:
    line: bytes. One line of stderr, without its line break.
    no_cuda_driver: bool. Whether TensorFlow said it found no CUDA
      driver; only then is a failed cuInit noise.

  Returns:
    bool.
  """
  line = line.rstrip(b"\r")
  if any(pattern.match(line) for pattern in _ALWAYS_NOISE):
    return True
  return no_cuda_driver and bool(_CUINIT_FAILED.match(line))


def should_quiet(environ=None, modules=None):
  """Whether `quiet_start` acts.

  It acts when TensorFlow is not imported yet (so its start-up lines are
  still to come) and the C++ log level is unset or above 0: the lines
  are INFO lines and warnings a level above 0 means to hide, but which
  TensorFlow logs before it reads the level.

  Args:
    environ: mapping. Default `os.environ`.
    modules: mapping. Default `sys.modules`.

  Returns:
    bool.
  """
  environ = os.environ if environ is None else environ
  modules = sys.modules if modules is None else modules
  if "tensorflow" in modules:
    return False
  return LEVEL_VARIABLE not in environ or _level(environ[LEVEL_VARIABLE]) > 0


def _level(value):
  """The level TensorFlow reads from `value`: its leading integer, else 0.

  As TensorFlow's C++ (`std::istringstream >> int`): leading spaces are
  skipped, digits after a sign are read, anything else means 0.
  """
  match = re.match(r"\s*([+-]?\d+)", value)
  return int(match.group(1)) if match else 0


class StartupLines(object):
  """What stderr received during `quiet_start`, so far."""

  def __init__(self, capture=None):
    self._capture = capture

  @property
  def active(self):
    """bool. Whether stderr is being captured."""
    return self._capture is not None

  def text(self):
    """bytes. Everything written to stderr since the capture began."""
    if self._capture is None:
      return b""
    # Through the file object, not os.pread, which Windows does not have.
    self._capture.flush()
    self._capture.seek(0)
    return self._capture.read()

  def no_cuda_driver(self):
    """bool. Whether TensorFlow said so, in what was captured."""
    return _says_no_cuda_driver(self.text().split(b"\n"))


def _says_no_cuda_driver(lines):
  return any(NO_CUDA_DRIVER.match(line.rstrip(b"\r")) for line in lines)


def without_startup_noise(text):
  """`text` without TensorFlow's start-up lines.

  Args:
    text: bytes. What stderr received.

  Returns:
    bytes. The other lines, in order; an unfinished last line is kept.
  """
  lines = text.split(b"\n")
  no_cuda_driver = _says_no_cuda_driver(lines)
  # The last piece is what follows the last line break (often b"").
  kept = [line for line in lines[:-1]
          if not is_startup_noise(line, no_cuda_driver)]
  return b"".join(line + b"\n" for line in kept) + lines[-1]


def _write_all(fd, data):
  while data:
    data = data[os.write(fd, data):]


def _flush_python_stderr():
  stream = sys.stderr
  if stream is not None:
    try:
      stream.flush()
    except (OSError, ValueError):  # A closed or broken stream: nothing to do.
      pass


@contextlib.contextmanager
def quiet_start():
  """Runs its block with TensorFlow's start-up lines kept off stderr.

  Acts only when `should_quiet()`; see the module docstring. Lines that
  are not start-up noise, Python's own output included, are written to
  stderr when the block ends, in their order, also when it raises.

  Yields:
    StartupLines. Its `active` is False when nothing is done.
  """
  if not should_quiet():
    yield StartupLines()
    return
  os.environ.setdefault(LEVEL_VARIABLE, QUIET_LEVEL)
  try:
    original = os.dup(2)
  except OSError:  # No stderr to quiet (a daemon, pythonw).
    yield StartupLines()
    return
  capture = tempfile.TemporaryFile()
  _flush_python_stderr()
  os.dup2(capture.fileno(), 2)
  try:
    yield StartupLines(capture)
  finally:
    _flush_python_stderr()
    os.dup2(original, 2)
    os.close(original)
    text = StartupLines(capture).text()
    capture.close()
    _write_all(2, without_startup_noise(text))
