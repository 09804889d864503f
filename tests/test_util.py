"""Helpers every test uses: a fresh graph and session, seeded one way."""

import contextlib

from edward_lite._tf import tf1
from edward_lite.util import graphs

__all__ = ["fresh_session", "seed_everything"]


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
