"""Session, seed and random-variable registry helpers, as Edward had them.

The registry is also how util knows a random variable without importing
`edward_lite.models` (which sits above util and imports it): models
registers its `RandomVariable` class here when it is imported, and the
checks and graph walks of util ask `is_random_variable` and `as_tensor`.
"""

import numbers
import random
import sys
import weakref

import numpy as np

from edward_lite import _tf
from edward_lite._tf import tf1

__all__ = [
    "RANDOM_VARIABLE_COLLECTION",
    "as_tensor",
    "get_session",
    "is_random_variable",
    "random_variables",
    "register_random_variable_class",
    "set_seed",
]

# The graph collection every random variable joins unless told otherwise
# (Edward's name); `edward_lite.models` re-exports it.
RANDOM_VARIABLE_COLLECTION = "random_variables"

# The classes `register_random_variable_class` was given: in practice
# `edward_lite.models.RandomVariable` alone.
_RANDOM_VARIABLE_CLASSES = ()

# One interactive session per graph, made on demand. Like Edward's
# InteractiveSession it lives as long as the process: it stays on the
# default-session stack and refers to its graph. The weak keys only keep
# this table from being the one thing that holds a graph.
_INTERACTIVE_SESSIONS = weakref.WeakKeyDictionary()

# Sessions of that table that `get_session` returned to code outside
# edward_lite, which may hold them: edward_lite never replaces those.
_HANDED_OUT = weakref.WeakSet()


def get_session():
  """Returns the TensorFlow session that edward_lite runs its ops in.

  This is the active default session when it belongs to the default
  graph (as inside `with tf.Session() as sess:`). Otherwise it is an
  `InteractiveSession` on the default graph, made the first time it is
  asked for and kept for that graph, so that, as in Edward,
  `tf.global_variables_initializer().run()` works once an inference
  exists.

  Unlike Edward, it never calls Keras' `set_session`: Keras 3 removed it,
  and tf_keras picks up the default session on its own.

  Returns:
    tf.compat.v1.Session. The session for the default graph.
  """
  graph = tf1.get_default_graph()
  session = tf1.get_default_session()
  if session is None or session.graph is not graph or session._closed:  # pylint: disable=protected-access
    session = _INTERACTIVE_SESSIONS.get(graph)
    if session is None or session._closed:  # pylint: disable=protected-access
      session = _interactive_session(graph)
      _INTERACTIVE_SESSIONS[graph] = session
  caller = sys._getframe(1).f_globals.get("__name__", "")  # pylint: disable=protected-access
  if not caller.startswith("edward_lite."):
    _HANDED_OUT.add(session)
  return session


def handed_out(session):
  """Whether `get_session` returned `session` to code outside edward_lite.

  Args:
    session: tf.compat.v1.Session.

  Returns:
    bool.
  """
  return session in _HANDED_OUT


def _interactive_session(graph):
  """A session installed as the default session, like InteractiveSession.

  tf.compat.v1.InteractiveSession logs an error whenever a second one is
  made (here: one per graph), and it also makes its graph the default
  graph for good, which would leak out of a user's `with
  graph.as_default():` block. Only the session is pushed here.
  """
  session = tf1.Session(graph=graph)
  context = session.as_default()
  context.__enter__()  # pylint: disable=unnecessary-dunder-call
  # The context must stay referenced: when it is collected, its
  # generator's clean-up pops the session off the default stack.
  session._edward_lite_default_context = context  # pylint: disable=protected-access
  return session


def random_variables(graph=None):
  """Returns every random variable built in a graph.

  Args:
    graph: tf.Graph. The graph to look in; defaults to the default graph.

  Returns:
    list of RandomVariable, in the order they were made.
  """
  if graph is None:
    graph = tf1.get_default_graph()
  return graph.get_collection(RANDOM_VARIABLE_COLLECTION)


def register_random_variable_class(cls):
  """Makes instances of `cls` count as random variables to util.

  `edward_lite.models` calls this for `RandomVariable` when it is
  imported, so that util's checks and walks know random variables
  without importing the package above them. A class registered twice
  is kept once.

  Args:
    cls: type. A class whose instances stand for a tensor, returned by
      their `value()` method.

  Returns:
    type. `cls`, so that this can decorate a class.
  """
  global _RANDOM_VARIABLE_CLASSES
  if cls not in _RANDOM_VARIABLE_CLASSES:
    _RANDOM_VARIABLE_CLASSES += (cls,)
  return cls


def is_random_variable(x):
  """Whether `x` is a random variable (of a registered class).

  Args:
    x: anything.

  Returns:
    bool.
  """
  return isinstance(x, _RANDOM_VARIABLE_CLASSES)


def as_tensor(node):
  """The tensor `node` stands for: a random variable's value, else `node`.

  Adds nothing to the graph: anything but a random variable (a tensor, a
  variable, a Python value) is returned as it is.

  Args:
    node: RandomVariable, tf.Tensor or anything else.

  Returns:
    tf.Tensor for a random variable, else `node` itself.
  """
  return node.value() if is_random_variable(node) else node


def set_seed(x):
  """Seeds NumPy, Python's `random` and the default graph.

  Python's `random` is seeded too because tf_keras initializers (those
  behind `tf.layers`) draw their seeds from it, so without it two runs
  of the same script start from different weights. An integer seed
  also gives those initializers a stream of their own in this thread
  (`tf_keras.utils.set_random_seed`), so that draws from `random`
  elsewhere, in another thread or library, do not move the weights;
  reseeding `random` alone afterwards does not move them either: call
  `set_seed` again.

  Args:
    x: int. The seed.

  Raises:
    RuntimeError: if the default graph already holds operations; the
      graph seed only reaches operations made after it is set.
  """
  if tf1.get_default_graph().get_operations():
    raise RuntimeError("Seeding is not supported after initializing "
                       "part of the graph. "
                       "Please move set_seed to the beginning of your code.")
  np.random.seed(x)
  random.seed(x)
  tf1.set_random_seed(x)
  if isinstance(x, numbers.Integral) and not isinstance(x, bool):
    _tf.seed_legacy_keras(x)
