"""What a refused update step is told: the feed, variable or placeholder.

Bad feeds and the first mistakes of a newcomer's training loop,
uninitialized variables and placeholders with no value, give TensorFlow
messages that do not say which feed was wrong, or run to thousands of
characters without saying what to do. They are diagnosed here, only
once `session.run` refused a step, so that a good update pays nothing
for it.
"""

import numbers
import re

import numpy as np

from edward_lite._tf import tf, tf1
from edward_lite.inferences.errors import (
    UnfedPlaceholderError, UninitializedVariableError)
from edward_lite.models.random_variable import RandomVariable

__all__ = ["explain_feed_error", "explain_run_error"]

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
