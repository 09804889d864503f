"""Session callables for the step an update runs again and again.

`Session.run` does a good deal of Python at every call before and after
the step itself: it parses the fetches into a fetch handler, looks up,
checks and converts every feed, and builds the results back into the
fetches' structure. An update runs the same fetches with the same feed
keys tens of thousands of times, so that work is done once here: each
step runs through a session callable (`Session._make_callable_from_options`)
made for its set of fetches and feed keys, the feeds' arrays as its
arguments. On the benchmark's BiGAN that saves a few percent of the
step (docs/benchmarks.md, "The session call"); the graph and the kernels,
and so the values, are those `Session.run` would run.

Anything the callable would not do exactly as `Session.run` does goes
through `Session.run` itself, so that its results and errors stay
Edward's: a feed value that is not a NumPy array (a list, a scalar, a
tensor), one of a shape its tensor does not take, a key that is not a
feedable tensor of the session's graph, a string tensor, a session that
is closed, remote or not a `tf.compat.v1` session itself (a wrapper, a
`MonitoredSession`), and steps with run options (a multi-worker step's
deadline). Errors of the step itself are raised as `Session.run` raises
them (through its own error translation, which names the op that
failed).

A `tf.data.Dataset` bound to a placeholder in `data` cannot be fed: its
batch lives in the graph. `Session.run` has no way to say "read this
placeholder from that tensor", but a callable does
(`CallableOptions.tensor_connection`), without changing the graph; such
steps always run through a callable.
"""

import numpy as np

from edward_lite._tf import CallableOptions, tf, tf1

__all__ = ["StepRunner"]

# An update has one set of fetches per side, with or without the summary
# and the checks; a loop that feeds a new set of keys at every step (new
# placeholders each time) would otherwise keep a callable for each.
_MAX_FED_CALLS = 64


class StepRunner(object):
  """Runs one step's fetches in one session call.

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
    self._fed_calls = {}

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
    if self.connections:
      return self._run_connected(sess, fetches, feed_dict)
    if self.run_options is not None or not _runs_callables(sess):
      return self._session_run(sess, fetches, feed_dict)
    if sess is not self._session:
      self._session = sess
      self._callables = {}
      self._fed_calls = {}
    signature = (tuple((name, id(fetch)) for name, fetch in fetches.items()),
                 frozenset(feed_dict))
    call = self._fed_calls.get(signature)
    if call is None:
      if len(self._fed_calls) >= _MAX_FED_CALLS:
        self._fed_calls = {}
      call = _FedCall(sess, fetches, feed_dict)
      self._fed_calls[signature] = call
    arguments = call.arguments(feed_dict)
    if arguments is None:
      return self._session_run(sess, fetches, feed_dict)
    return call(sess, arguments)

  def _session_run(self, sess, fetches, feed_dict):
    if self.run_options is None:
      return sess.run(fetches, feed_dict)
    return sess.run(fetches, feed_dict, options=self.run_options)

  def _run_connected(self, sess, fetches, feed_dict):
    """The step through a callable that reads datasets into placeholders."""
    if sess is not self._session:
      self._session = sess
      self._callables = {}
      self._fed_calls = {}
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


class _FedCall(object):
  """A session callable for one set of fetches and feed keys, or none.

  When the set is one the callable would not run exactly as
  `Session.run` does (see the module's docstring), `arguments` always
  answers None and the step goes through `Session.run`.

  Args:
    sess: tf.compat.v1.Session.
    fetches: dict of str to fetchable.
    feed_dict: dict. Its keys are the set; its values are not read.
  """

  def __init__(self, sess, fetches, feed_dict):
    # Holding the fetched objects and feed keys keeps their ids, which
    # the signature this call is stored under is made of, theirs.
    self._fetched = list(fetches.values())
    self._feeds = None
    self._call = None
    feeds = []
    for key in feed_dict:
      if (not isinstance(key, tf.Tensor) or key.graph is not sess.graph or
          key.dtype == tf.string or not sess.graph.is_feedable(key)):
        return
      shape = None if key.shape.rank is None else tuple(key.shape.as_list())
      feeds.append((key, key.dtype.as_numpy_dtype, shape))
    options = CallableOptions()
    for key, _, _ in feeds:
      options.feed.append(key.name)
    # Where each name's value is in the callable's outputs; None for ops.
    self._outputs = []
    positions = {}
    for name, fetch in fetches.items():
      try:
        element = sess.graph.as_graph_element(fetch)
      except (TypeError, ValueError):
        return
      if isinstance(element, tf.Operation):
        if element.name not in options.target:
          options.target.append(element.name)
        self._outputs.append((name, None))
        continue
      if (not isinstance(element, tf.Tensor) or
          not sess.graph.is_fetchable(element) or element.name in
          options.feed):
        return
      if element.name not in positions:
        positions[element.name] = len(options.fetch)
        options.fetch.append(element.name)
      self._outputs.append((name, positions[element.name]))
    try:
      self._call = sess._make_callable_from_options(options)  # pylint: disable=protected-access
    except (tf.errors.OpError, TypeError, ValueError):
      return
    self._feeds = feeds

  def arguments(self, feed_dict):
    """The callable's arguments, or None where `Session.run` must run."""
    if self._feeds is None:
      return None
    arguments = []
    for key, dtype, shape in self._feeds:
      value = feed_dict[key]
      # Exactly ndarray: a subclass (np.matrix) converts its own way.
      if type(value) is not np.ndarray:  # pylint: disable=unidiomatic-typecheck
        return None
      if value.dtype != dtype:
        try:
          value = np.asarray(value, dtype=dtype)  # as Session.run converts
        except (TypeError, ValueError, OverflowError):
          return None
      if shape is not None and not _fits(shape, value.shape):
        return None
      arguments.append(value)
    return arguments

  def __call__(self, sess, arguments):
    # Session.run's own error translation (the failing op, named), so a
    # failed step raises what it would have raised there.
    values = sess._do_call(self._call, *arguments)  # pylint: disable=protected-access
    return {name: None if index is None else values[index]
            for name, index in self._outputs}


def _runs_callables(sess):
  """Whether `sess` is an open, in-process tf.compat.v1 session."""
  return (isinstance(sess, (tf1.Session, tf1.InteractiveSession)) and
          not getattr(sess, "_closed", True) and not sess.sess_str)


def _fits(shape, actual):
  if len(shape) != len(actual):
    return False
  for wanted, size in zip(shape, actual):
    if wanted is not None and wanted != size:
      return False
  return True


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
