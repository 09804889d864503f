"""Argument checks the inference classes share, beyond Edward's own.

Edward's `check_data` and `check_latent_vars` (in `edward_lite.util`)
keep Edward's messages. The checks here cover what Edward let through
to fail later, deep inside TensorFlow or halfway through building the
graph: values that are not arrays, tensors from another graph, flags of
the wrong type, a discriminator that does not return floating-point
tensors. What a refused update step is told (bad feeds, uninitialized
variables, placeholders with no value) is in `_running/run_errors.py`;
the adversarial family's own checks are in `_adversarial/checks.py`.
"""

import numbers
import os

import numpy as np

from edward_lite._tf import tf, tf1
from edward_lite.models.random_variable import RandomVariable
from edward_lite.util.random_variables import PYTHON_DATA_TYPES, is_placeholder

__all__ = [
    "check_array_values",
    "check_bindings",
    "check_bool",
    "check_count",
    "check_initializer_variables",
    "check_log_vars",
    "check_logdir",
    "check_supports",
]


def _describe(node):
  name = getattr(node, "name", None)
  return name if isinstance(name, str) else repr(node)


def check_count(name, value):
  """Raises TypeError unless `value` is an int (not a bool), ValueError if < 0."""
  if isinstance(value, bool) or not isinstance(value, numbers.Integral):
    raise TypeError("{} must be an int; got {}.".format(
        name, type(value).__name__))
  if value < 0:
    raise ValueError("{} must be non-negative; got {}.".format(name, value))


def check_bool(name, value, integers=False):
  """Raises TypeError unless `value` is a bool (Python or NumPy).

  Edward took any value for its flags and used its truth; a string such
  as "False" then silently meant True.

  Args:
    name: str. The argument's name, for the message.
    value: the argument.
    integers: bool. Also accept an integer, used for its truth as Edward
      did (`debug=1`); for the flags Edward had.
  """
  if integers and isinstance(value, numbers.Integral):
    return
  if not isinstance(value, (bool, np.bool_)):
    raise TypeError("{} must be a bool; got {}.".format(
        name, type(value).__name__))


def check_logdir(logdir):
  """Raises unless `logdir` is None, or a path that is not a file."""
  if logdir is None:
    return
  if not isinstance(logdir, (str, os.PathLike)):
    raise TypeError("logdir must be a str path or None; got {}.".format(
        type(logdir).__name__))
  path = os.path.expanduser(os.fspath(logdir))
  if not path:
    raise ValueError("logdir must be a non-empty path or None.")
  if os.path.exists(path) and not os.path.isdir(path):
    raise ValueError("logdir must be a directory; {} is a file.".format(path))


def check_log_vars(log_vars):
  """Raises TypeError unless `log_vars` is None or a list of tf.Variable."""
  if log_vars is None:
    return
  if (not isinstance(log_vars, (list, tuple)) or
      not all(isinstance(v, tf.Variable) for v in log_vars)):
    raise TypeError("log_vars must be a list of tf.Variable or None.")


def check_initializer_variables(variables):
  """Checks `run`'s `variables`: None or a list of tf.Variable."""
  if variables is None:
    return
  if (not isinstance(variables, (list, tuple)) or
      not all(isinstance(v, tf.Variable) for v in variables)):
    raise TypeError("variables must be a list of tf.Variable to initialize, "
                    "or None for all; got {}.".format(
                        type(variables).__name__))
  graph = tf1.get_default_graph()
  for variable in variables:
    if variable.graph is not graph:
      raise ValueError("variables holds {}, a variable of another graph than "
                       "the default graph.".format(variable.name))


def check_array_values(data):
  """Raises ValueError for Python values in `data` that are not arrays.

  Runs before Edward's `check_data`, whose `np.shape` would otherwise
  fail on a ragged list with NumPy's own message.
  """
  if not isinstance(data, dict):
    return
  for key, value in data.items():
    if isinstance(value, list):
      try:
        np.asarray(value)
      except ValueError as error:
        raise ValueError("data value for {} must be an array of one shape "
                         "(a list of lists of equal lengths); {}".format(
                             _describe(key), error)) from None


def _graph_of(node):
  if isinstance(node, RandomVariable):
    node = node.value()
  return getattr(node, "graph", None)


def _check_in_graph(name, role, node, graph):
  node_graph = _graph_of(node)
  if node_graph is not None and node_graph is not graph:
    raise ValueError(
        "{} {} {} belongs to another graph than the default graph; build the "
        "model and the inference in the same graph.".format(
            name, role, _describe(node)))


def _check_value_fits(key, value, what):
  """Raises if the Python value `value` cannot be fed or stored as `key`."""
  dtype = key.dtype.as_numpy_dtype
  shape = np.shape(value)
  # Numbers always convert to numbers; only text and objects are tried,
  # so that a large numeric array is not copied here.
  if not isinstance(value, np.ndarray) or value.dtype.kind in "OSU":
    try:
      np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as error:
      raise TypeError("data value for {} must be {} of dtype {}; {}".format(
          _describe(key), what, key.dtype.name, error)) from None
  if not key.shape.is_compatible_with(shape):
    raise ValueError("data value for {} has shape {}; expected shape "
                     "{}.".format(_describe(key), shape, key.shape))


def check_bindings(latent_vars, data):
  """Checks what Edward's dict checks leave out; runs after them.

  Every tensor must live in the default graph, where the inference is
  built; Python values must convert to their key's dtype; a placeholder's
  value (fed at every update) must fit the placeholder's shape.

  Args:
    latent_vars: dict, already checked by `check_latent_vars`.
    data: dict, already checked by `check_data`.

  Raises:
    TypeError: if a value cannot take its key's dtype.
    ValueError: if a tensor is of another graph, or a fed value's shape
      does not fit its placeholder.
  """
  graph = tf1.get_default_graph()
  for key, value in latent_vars.items():
    _check_in_graph("latent_vars", "key", key, graph)
    _check_in_graph("latent_vars", "value", value, graph)
  for key, value in data.items():
    _check_in_graph("data", "key", key, graph)
    if isinstance(value, PYTHON_DATA_TYPES):
      _check_value_fits(key, value, "a value to feed" if is_placeholder(key)
                        else "an array")
    else:
      _check_in_graph("data", "value", value, graph)


def check_supports(latent_vars):
  """Refuses pairs that `auto_transform` would have to transform.

  Edward moved a latent variable and its posterior approximation of
  unequal supports to an unconstrained space; edward_lite does not.

  Raises:
    NotImplementedError: for a pair of unequal supports (a point mass
      fits any support).
  """
  for z, qz in latent_vars.items():
    z_support = getattr(z, "support", None)
    qz_support = getattr(qz, "support", None)
    if (z_support is not None and qz_support is not None and
        z_support != qz_support and qz_support != "point"):
      raise NotImplementedError(
          "auto_transform of latent variables with unequal supports "
          "({}, {}) is not available in edward_lite; pass "
          "auto_transform=False.".format(z_support, qz_support))
