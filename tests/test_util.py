"""Helpers every test uses: a fresh graph and session, seeded one way."""

import contextlib
import os
import re

from edward_lite._tf import tf1
from edward_lite.util import graphs

__all__ = ["CountingSession", "STARTUP_NOISE", "fresh_session",
           "noise_lines", "seed_everything", "user_environment"]

# What a run printed to stderr on a CPU machine before edward_lite kept
# TensorFlow's start-up quiet (issue 14), and any other C++ INFO line.
STARTUP_NOISE = (
    re.compile(r"All log messages before absl::InitializeLog\(\)"),
    re.compile(r"oneDNN custom operations are on"),
    re.compile(r"Could not find cuda drivers"),
    re.compile(r"cpu_feature_guard"),
    re.compile(r"rebuild TensorFlow with the appropriate compiler flags"),
    re.compile(r"failed call to cuInit"),
    re.compile(r"^I\d{4} "),
    re.compile(r"`tf\.layers\.\w+` is deprecated"),
)


def noise_lines(stderr):
  """The lines of `stderr` (str) that are TensorFlow start-up noise."""
  return [line for line in stderr.splitlines()
          if any(pattern.search(line) for pattern in STARTUP_NOISE)]


def user_environment(**overrides):
  """This process's environment as a user's shell would have it.

  Without TF_CPP_MIN_LOG_LEVEL (tests/conftest.py sets it for the test
  process itself), then with `overrides` set.
  """
  env = {key: value for key, value in os.environ.items()
         if key != "TF_CPP_MIN_LOG_LEVEL"}
  env.update(overrides)
  return env


def seed_everything(seed):
  """Seeds as ed.set_seed does: NumPy, Python, tf_keras and the graph."""
  graphs.set_seed(seed)


@contextlib.contextmanager
def fresh_session(seed=42, config=None):
  """Yields a session on a new default graph, seeded with `seed`."""
  graph = tf1.Graph()
  with graph.as_default():
    seed_everything(seed)
    with tf1.Session(graph=graph, config=config) as session:
      yield session


class CountingSession(object):
  """Forwards to a session; counts run calls, callables made and their calls.

  Attributes:
    runs: int. Calls to `run`.
    made: int. Callables made from options (the fast path's way).
    calls: int. Calls to those callables.
  """

  def __init__(self, session):
    self.session = session
    self.graph = session.graph
    self.runs = 0
    self.made = 0
    self.calls = 0

  def run(self, *args, **kwargs):
    self.runs += 1
    return self.session.run(*args, **kwargs)

  def _make_callable_from_options(self, options):
    self.made += 1
    call = self.session._make_callable_from_options(options)  # pylint: disable=protected-access

    def counted(*args):
      self.calls += 1
      return call(*args)
    return counted
