"""All-or-nothing `initialize`: what a refused call added is taken back.

Most bad arguments are refused before any op is built. A few faults can
only show once part of the graph exists: a discriminator that returns
the wrong thing, a generator with nothing to train. TensorFlow 1 graphs
cannot delete operations, so those ops stay, but nothing reaches them
afterwards: the graph's collections (global and trainable variables,
regularization losses, summaries, queue runners, ...), its variable
store and its variable-scope counts are put back as they were, and so
is the inference object's own state. The same graph can then build a
correct inference, whose variables get the names they would have had.
"""

import functools

from edward_lite._tf import tf1

__all__ = ["GraphSnapshot", "all_or_nothing"]

# TensorFlow keeps `tf.get_variable`'s store and the per-scope counts
# that uniquify `tf.variable_scope(None, default_name=...)` in these two
# graph collections (tensorflow/python/ops/variable_scope.py). They are
# private; if a future TensorFlow moves them, only collections are
# restored and a refused call may leave a variable name taken.
_VARIABLE_STORE_KEY = ("__variable_store",)
_SCOPE_STORE_KEY = ("__varscope",)


def _only(graph, key):
  items = graph.get_collection(key)
  return items[0] if items else None


class GraphSnapshot(object):
  """What a graph's collections and variable stores hold at one time.

  Args:
    graph: tf.Graph. Defaults to the default graph.
  """

  def __init__(self, graph=None):
    self.graph = graph if graph is not None else tf1.get_default_graph()
    self.collections = {key: list(self.graph.get_collection(key))
                        for key in self.graph.get_all_collection_keys()}
    store = _only(self.graph, _VARIABLE_STORE_KEY)
    self.stored_names = set(getattr(store, "_vars", {}))
    self.partitioned_names = set(getattr(store, "_partitioned_vars", {}))
    scopes = _only(self.graph, _SCOPE_STORE_KEY)
    self.scope_counts = dict(getattr(scopes, "variable_scopes_count", {}))

  def restore(self):
    """Puts collections, variable store and scope counts back."""
    for key in self.graph.get_all_collection_keys():
      if key not in self.collections:
        self.graph.clear_collection(key)
    for key, items in self.collections.items():
      self.graph.get_collection_ref(key)[:] = items
    store = _only(self.graph, _VARIABLE_STORE_KEY)
    for attribute, kept in (("_vars", self.stored_names),
                            ("_partitioned_vars", self.partitioned_names)):
      stored = getattr(store, attribute, None)
      if isinstance(stored, dict):
        for name in [name for name in stored if name not in kept]:
          del stored[name]
    scopes = _only(self.graph, _SCOPE_STORE_KEY)
    counts = getattr(scopes, "variable_scopes_count", None)
    if isinstance(counts, dict):
      counts.clear()
      counts.update(self.scope_counts)


def all_or_nothing(method):
  """Decorates `initialize` so that a call that raises leaves no trace.

  On any exception the graph snapshot taken at entry is restored, an
  event writer opened by the call is closed, and the instance's
  attributes are those it had at entry (a dict or list attribute that
  the call changed in place, such as `data`, gets its entries back).
  Nested decorated calls (a subclass's `initialize` calling its
  parent's) snapshot only once.

  Args:
    method: an `initialize` method.

  Returns:
    The decorated method.
  """
  @functools.wraps(method)
  def wrapper(self, *args, **kwargs):
    if self.__dict__.get("_initializing", False):
      return method(self, *args, **kwargs)
    attributes = dict(self.__dict__)
    contents = {name: (value, value.copy())
                for name, value in attributes.items()
                if type(value) in (dict, list)}
    snapshot = GraphSnapshot()
    self._initializing = True
    try:
      return method(self, *args, **kwargs)
    except BaseException:
      writer = self.__dict__.get("train_writer")
      if writer is not None and writer is not attributes.get("train_writer"):
        writer.close()
      self.__dict__.clear()
      self.__dict__.update(attributes)
      for container, entries in contents.values():
        container.clear()
        if isinstance(container, dict):
          container.update(entries)
        else:
          container.extend(entries)
      snapshot.restore()
      raise
    finally:
      self.__dict__.pop("_initializing", None)
  wrapper.all_or_nothing = True
  return wrapper
