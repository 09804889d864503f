"""Helpers every test uses: a fresh graph and session, seeded one way."""

import contextlib
import random

import numpy as np

from edward_lite._tf import tf1

__all__ = ["fresh_session", "seed_everything"]


def seed_everything(seed):
  """Seeds NumPy, Python's `random` and the default graph."""
  np.random.seed(seed)
  random.seed(seed)
  tf1.set_random_seed(seed)


@contextlib.contextmanager
def fresh_session(seed=42, config=None):
  """Yields a session on a new default graph, seeded with `seed`."""
  graph = tf1.Graph()
  with graph.as_default():
    seed_everything(seed)
    with tf1.Session(graph=graph, config=config) as session:
      yield session
