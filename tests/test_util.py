"""Helpers every test uses: a fresh graph and session, seeded one way."""

import contextlib

from edward_lite._tf import tf1
from edward_lite.util import graphs

__all__ = ["CountingSession", "fresh_session", "seed_everything"]


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
