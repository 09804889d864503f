"""Argument checks the inference classes share, beyond Edward's own.

Edward's `check_data` and `check_latent_vars` (in `edward_lite.util`)
keep Edward's messages. The checks here cover what Edward let through
to fail later, deep inside TensorFlow or halfway through building the
graph: values that are not arrays, tensors from another graph, flags of
the wrong type, a discriminator that does not return one logit per
example, bad feeds, and the first mistakes of a newcomer's training
loop: uninitialized variables and placeholders with no value (all
diagnosed only once `session.run` refused a step, so that a good update
pays nothing for it).
"""

import numbers
import os
import re

import numpy as np

from edward_lite._tf import tf, tf1
from edward_lite.inferences.errors import (
    UnfedPlaceholderError, UninitializedVariableError)
from edward_lite.models.random_variable import RandomVariable
from edward_lite.util.random_variables import PYTHON_DATA_TYPES, is_placeholder

__all__ = [
    "check_array_values",
    "check_bindings",
    "check_bool",
    "check_discriminator_outputs",
    "check_initializer_variables",
    "check_log_vars",
    "check_logdir",
    "explain_feed_error",
    "explain_run_error",
]

# TensorFlow's sentence for a placeholder that got no value; the one line.
_UNFED_PLACEHOLDER = re.compile(
    r"You must feed a value for placeholder tensor '[^']+'[^\n]*")

# How TensorFlow names a variable read before its initializer ran:
# resource variables (the default), then reference variables.
_UNINITIALIZED_VARIABLE = (
    re.compile(r"Could not find variable (\S+?)\.(?:\s|$)"),
    re.compile(r"Attempting to use uninitialized value (\S+)"),
)

# Names listed in an uninitialized-variables message before "and N more".
_NAMES_SHOWN = 5


def _describe(node):
  name = getattr(node, "name", None)
  return name if isinstance(name, str) else repr(node)


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


def check_discriminator_outputs(outputs, inputs):
  """Checks that the discriminator gave one logit per example.

  As Edward, a scalar output (one logit for the whole batch) is taken,
  and real and generated data may get outputs of different shapes (the
  losses average each on its own).

  Args:
    outputs: list. What each call of the discriminator returned.
    inputs: list. The first argument of each call (the batch).

  Returns:
    list of tf.Tensor: the outputs as tensors.

  Raises:
    TypeError: if an output is not a floating-point tensor.
    ValueError: if an output has a batch dimension other than its
      input's, or more than one logit per example (shape (N, 3)).
  """
  tensors = []
  for output, batch in zip(outputs, inputs):
    if not tf.is_tensor(output):
      raise TypeError("discriminator must return a tf.Tensor of logits; got "
                      "{}.".format(type(output).__name__))
    output = tf.convert_to_tensor(output)
    if not output.dtype.is_floating:
      raise TypeError("discriminator must return floating-point logits; got "
                      "dtype {}.".format(output.dtype.name))
    shape = output.shape
    tensors.append(output)
    if shape.ndims is None or shape.ndims == 0:
      continue
    batch_shape = getattr(batch, "shape", None)
    if (batch_shape is not None and batch_shape.ndims and
        batch_shape[0] is not None and shape[0] is not None and
        shape[0] != batch_shape[0]):
      raise ValueError(
          "discriminator must return one logit per example: its input has "
          "{} examples but its output has shape {}.".format(
              batch_shape[0], tuple(shape.as_list())))
    per_example = shape[1:].num_elements()
    if per_example is not None and per_example != 1:
      raise ValueError(
          "discriminator must return one logit per example, a tensor of "
          "shape [batch] or [batch, 1]; got shape {} ({} logits per "
          "example).".format(tuple(shape.as_list()), per_example))
  return tensors


def _feed_key_tensor(key, graph):
  """The tensor a feed key stands for, or an error message."""
  if isinstance(key, RandomVariable):
    key = key.value()
  if isinstance(key, str):
    try:
      return graph.as_graph_element(key, allow_tensor=True,
                                    allow_operation=False), None
    except (KeyError, TypeError, ValueError):
      return None, "feed_dict key {!r} names no tensor of the graph.".format(
          key)
  if isinstance(key, tf.Tensor):
    if key.graph is not graph:
      return None, ("feed_dict key {} belongs to another graph than the "
                    "inference's.".format(key.name))
    return key, None
  if isinstance(key, tf.Variable):
    return None, None  # TensorFlow's own rules; nothing to add.
  return None, ("feed_dict keys must be tf.Tensor objects (usually "
                "placeholders); got {}.".format(type(key).__name__))


def _feed_value_error(tensor, value):
  """Why `value` cannot be fed to `tensor`, as an exception, or None."""
  expected = "an array of shape {} and dtype {}".format(
      tensor.shape, tensor.dtype.name)
  if value is None:
    return TypeError("feed_dict value for {} is None; expected {}.".format(
        tensor.name, expected))
  if isinstance(value, (tf.Variable, RandomVariable)) or tf.is_tensor(value):
    kind = ("tf.Variable" if isinstance(value, tf.Variable) else
            type(value).__name__ if isinstance(value, RandomVariable) else
            "tf.Tensor")
    return TypeError(
        "feed_dict value for {} is a {}; expected {} (a value, not a graph "
        "node: run it first).".format(tensor.name, kind, expected))
  if isinstance(value, (dict, set)) or not isinstance(
      value, (numbers.Number, str, bytes, list, tuple, np.ndarray,
              np.generic)):
    return TypeError("feed_dict value for {} is a {}; expected {}.".format(
        tensor.name, type(value).__name__, expected))
  try:
    array = np.asarray(value, dtype=tensor.dtype.as_numpy_dtype)
  except (TypeError, ValueError) as error:
    return ValueError("feed_dict value for {} cannot be read as {}: "
                      "{}".format(tensor.name, expected, error))
  if not tensor.shape.is_compatible_with(array.shape):
    return ValueError("feed_dict value for {} has shape {}; expected shape "
                      "{}.".format(tensor.name, array.shape, tensor.shape))
  return None


def explain_feed_error(feed_dict, graph):
  """Names the feed that made `session.run` refuse a step.

  Called only after TensorFlow raised TypeError or ValueError on
  `feed_dict`, so the happy path never pays for it.

  Args:
    feed_dict: dict. The complete feeds of the refused call.
    graph: tf.Graph. The inference's graph.

  Returns:
    TypeError or ValueError naming `feed_dict`, the key and what was
    expected; None when no feed explains the failure.
  """
  for key, value in feed_dict.items():
    tensor, message = _feed_key_tensor(key, graph)
    if message is not None:
      return TypeError(message)
    if tensor is None:
      continue
    error = _feed_value_error(tensor, value)
    if error is not None:
      return error
  return None


def explain_run_error(error, graph, sess):
  """Explains a step that TensorFlow refused for a newcomer's mistake.

  Called only after `session.run` raised, so a good step pays nothing.

  Args:
    error: tf.errors.OpError. What the session raised.
    graph: tf.Graph. The inference's graph.
    sess: tf.compat.v1.Session. The session the step ran in.

  Returns:
    UnfedPlaceholderError for a placeholder that got no value,
    UninitializedVariableError when variables of `graph` are not
    initialized, each with `error`'s op; None for any other error.
  """
  if isinstance(error, tf.errors.InvalidArgumentError):
    unfed = _UNFED_PLACEHOLDER.search(error.message)
    if unfed is None:
      return None
    return UnfedPlaceholderError(
        error.node_def, error.op,
        "{}: it is neither fed nor bound in data. Feed it at every step, "
        "inference.update(feed_dict={{placeholder: value}}), or bind it once "
        "in the inference's data, data={{..., placeholder: value}}.".format(
            unfed.group(0).rstrip(". ")))
  if isinstance(error, tf.errors.FailedPreconditionError):
    names = _uninitialized_variables(error.message, graph, sess)
    if not names:
      return None
    return UninitializedVariableError(
        error.node_def, error.op,
        "{} Run ed.get_session().run(tf.global_variables_initializer()) "
        "after inference.initialize(...), which makes the optimizers' "
        "variables, and before the first update(); inference.run() does "
        "this for you.".format(_not_initialized(names)))
  return None


def _uninitialized_variables(message, graph, sess):
  """Names of the uninitialized variables of `graph`, trainable ones first.

  Each variable's own is-initialized op is run, so no op is built: a
  resource variable makes one with itself, in a private attribute (TF
  has no public handle to it; `tf.is_variable_initialized` builds a new
  op). A variable without one (a reference variable) is named only if
  TensorFlow's `message` names it.
  """
  named = set()
  for pattern in _UNINITIALIZED_VARIABLE:
    named.update(pattern.findall(message))
  owners, checks, checked = [], [], set()
  for variable in (graph.get_collection(tf1.GraphKeys.GLOBAL_VARIABLES) +
                   graph.get_collection(tf1.GraphKeys.LOCAL_VARIABLES)):
    # A mirrored variable has one component per replica.
    parts = (variable.values
             if isinstance(variable, tf.distribute.DistributedValues)
             else [variable])
    for part in parts:
      check = getattr(part, "_is_initialized_op", None)
      if check is not None:
        owners.append(_variable_name(variable))
        checks.append(check)
        checked.add(_variable_name(part))
  try:
    flags = sess.run(checks) if checks else []
  except (tf.errors.OpError, RuntimeError):  # e.g. a closed session
    flags, checked = [], set()
  found = {owner for owner, flag in zip(owners, flags) if not flag}
  # The model's own variables first, then the optimizers' and counters.
  trainable = {_variable_name(variable) for variable in
               graph.get_collection(tf1.GraphKeys.TRAINABLE_VARIABLES)}
  return sorted(found | (named - checked),
                key=lambda name: (name not in trainable, name))


def _variable_name(variable):
  return variable.name.rsplit(":", 1)[0]


def _not_initialized(names):
  """The sentence naming the uninitialized variables, at most a few."""
  if len(names) == 1:
    return "Variable {} is not initialized.".format(names[0])
  shown = ", ".join(names[:_NAMES_SHOWN])
  if len(names) > _NAMES_SHOWN:
    shown += " and {} more".format(len(names) - _NAMES_SHOWN)
  return "{} variables are not initialized: {}.".format(len(names), shown)
