"""One update's session call, with datasets connected to placeholders.

A `tf.data.Dataset` bound to a placeholder in `data` cannot be fed: its
batch lives in the graph. `Session.run` has no way to say "read this
placeholder from that tensor", but a session callable does
(`CallableOptions.tensor_connection`), without changing the graph. So
with such datasets each update runs through a callable, made once per
set of fetches and feeds; without them it is plain `Session.run`.
"""

import numpy as np

from edward_lite._tf import CallableOptions, tf

__all__ = ["StepRunner"]


class StepRunner(object):
  """Runs one step's fetches in one session call.

  Without datasets bound to placeholders this is `Session.run`. With
  them, each step runs through a `Session` callable whose options connect
  every such placeholder to its iterator's output, so the batch never
  leaves the graph; callables are made once per set of fetches and feeds
  and kept for the session they were made in.

  Args:
    connections: dict of placeholder tf.Tensor to the tf.Tensor it reads
      instead.

  Attributes:
    run_options: tf.compat.v1.RunOptions or None. Passed to every step's
      session call (a multi-worker strategy sets a deadline there).
  """

  def __init__(self, connections=None):
    self.run_options = None
    self.connections = dict(connections or {})
    self._connected_names = {key.name for key in self.connections}
    self._session = None
    self._callables = {}

  def run(self, sess, fetches, feed_dict):
    """Runs `fetches` (a dict) with `feed_dict`, as `sess.run` would.

    Args:
      sess: tf.compat.v1.Session.
      fetches: dict of str to tf.Tensor or tf.Operation.
      feed_dict: dict of tf.Tensor to value.

    Returns:
      dict of str to value (None for operations).

    Raises:
      ValueError: if `feed_dict` feeds a placeholder bound to a dataset,
        or a value whose shape does not fit its tensor.
      TypeError: if a feed key is not a tensor.
    """
    if not self.connections:
      if self.run_options is None:
        return sess.run(fetches, feed_dict)
      return sess.run(fetches, feed_dict, options=self.run_options)
    if sess is not self._session:
      self._session = sess
      self._callables = {}
    names = sorted(fetches)
    feed_keys = sorted(feed_dict, key=_tensor_name)
    # The fetched objects are kept in the entry, so their ids stay theirs.
    signature = (tuple((name, id(fetches[name])) for name in names),
                 tuple(key.name for key in feed_keys))
    entry = self._callables.get(signature)
    if entry is None:
      entry = self._make_callable(sess, fetches, names, feed_keys)
      self._callables[signature] = entry
    call, fetch_names, operation_names, _ = entry
    values = call(*[_feed_value(key, feed_dict[key]) for key in feed_keys])
    result = dict(zip(fetch_names, values))
    for name in operation_names:
      result[name] = None
    return result

  def _make_callable(self, sess, fetches, names, feed_keys):
    for key in feed_keys:
      if key.name in self._connected_names:
        raise ValueError(
            "{} is bound to a tf.data.Dataset in data, which feeds it at "
            "every update; do not also feed it in feed_dict.".format(
                key.name))
    callable_options = CallableOptions()
    if self.run_options is not None:
      callable_options.run_options.CopyFrom(self.run_options)
    fetch_names, operation_names = [], []
    for name in names:
      # As Session.run does: variables' reads, random variables' values.
      fetch = sess.graph.as_graph_element(fetches[name])
      if isinstance(fetch, tf.Operation):
        callable_options.target.append(fetch.name)
        operation_names.append(name)
      else:
        callable_options.fetch.append(fetch.name)
        fetch_names.append(name)
    for key in feed_keys:
      callable_options.feed.append(key.name)
    for placeholder, source in sorted(self.connections.items(),
                                      key=lambda item: item[0].name):
      connection = callable_options.tensor_connection.add()
      connection.from_tensor = source.name
      connection.to_tensor = placeholder.name
    call = sess._make_callable_from_options(callable_options)  # pylint: disable=protected-access
    return call, fetch_names, operation_names, [fetches[n] for n in names]


def _tensor_name(key):
  if not isinstance(key, tf.Tensor):
    raise TypeError("With a tf.data.Dataset bound to a placeholder, feed_dict "
                    "keys must be tensors; got {}.".format(
                        type(key).__name__))
  return key.name


def _feed_value(tensor, value):
  """`value` as the array `Session.run` would feed to `tensor`."""
  array = np.asarray(value, dtype=tensor.dtype.as_numpy_dtype)
  if not tensor.shape.is_compatible_with(array.shape):
    raise ValueError("Cannot feed value of shape {!r} for Tensor {!r}, which "
                     "has shape {!r}".format(array.shape, tensor.name,
                                             str(tensor.shape)))
  return array
