"""Checks of inference arguments and walks over the random-variable graph."""

import numpy as np

from edward_lite._tf import tf, tf1
from edward_lite.util.data_pipeline import is_dataset
from edward_lite.util.graph_walk import downstream_tensors, upstream_tensors
from edward_lite.util.graphs import (
    as_tensor, is_random_variable, random_variables)

__all__ = [
    "check_data",
    "check_latent_pairs",
    "check_latent_vars",
    "get_ancestors",
    "get_blanket",
    "get_children",
    "get_descendants",
    "get_parents",
    "get_siblings",
    "get_variables",
    "is_placeholder",
]

# Python values that `data` may bind an observed tensor to; they are
# stored in the graph as variables.
PYTHON_DATA_TYPES = (float, list, int, np.ndarray, np.number, str)

_FEED_VALUE_HELP = ("Acceptable feed values include Python scalars, strings, "
                    "lists, numpy ndarrays, or TensorHandles.")


def is_placeholder(x):
  """Whether `x` is a `tf.placeholder` (including placeholder_with_default).

  Args:
    x: anything.

  Returns:
    bool.
  """
  return isinstance(x, tf.Tensor) and "Placeholder" in x.op.type


def _is_valid_data_dtype(dtype):
  return (np.issubdtype(dtype, np.floating) or
          np.issubdtype(dtype, np.integer) or
          np.issubdtype(dtype, np.str_) or
          np.issubdtype(dtype, np.bytes_))


def check_data(data):
  """Checks the `data` dictionary given to an inference.

  Keys are placeholders, tensors or random variables. A placeholder
  binds to a value to feed (not a tensor or random variable); any other
  key binds to a tensor or random variable of the same shape and dtype,
  or to a Python or NumPy value of a compatible shape. Any key may also
  bind to a `tf.data.Dataset` whose elements are single tensors of the
  key's dtype and a compatible shape (see `edward_lite.util.data_pipeline`).

  Args:
    data: dict. The dictionary to check.

  Raises:
    TypeError: if `data` is not a dict, or a key or value is of the wrong
      type, shape or dtype.
  """
  if not isinstance(data, dict):
    raise TypeError("data must have type dict.")
  for key, value in data.items():
    if is_dataset(value) and _is_node(key):
      _check_dataset(key, value)
    elif is_placeholder(key):
      if is_random_variable(value):
        raise TypeError("The value of a feed cannot be a ed.RandomVariable "
                        "object. " + _FEED_VALUE_HELP)
      if isinstance(value, (tf.Tensor, tf.Variable)):
        raise TypeError("The value of a feed cannot be a tf.Tensor object. " +
                        _FEED_VALUE_HELP)
    elif _is_node(key):
      if _is_node(value):
        _check_pair("data", key, value.shape, value.dtype)
      elif isinstance(value, PYTHON_DATA_TYPES):
        if not key.shape.is_compatible_with(np.shape(value)):
          raise TypeError("Key-value pair in data does not have same "
                          "shape: {}, {}".format(key.shape, np.shape(value)))
        if (isinstance(value, (np.ndarray, np.number)) and
            not _is_valid_data_dtype(value.dtype)):
          raise TypeError("Data value has an invalid dtype: "
                          "{}".format(value.dtype))
      else:
        raise TypeError("Data value has an invalid type: "
                        "{}".format(type(value)))
    else:
      raise TypeError("Data key has an invalid type: {}".format(type(key)))


def _is_node(x):
  """Whether `x` is a random variable or a tensor."""
  return is_random_variable(x) or isinstance(x, tf.Tensor)


def _check_pair(name, key, shape, dtype):
  """A key of `name` and the shape and dtype bound to it must agree."""
  if not key.shape.is_compatible_with(shape):
    raise TypeError("Key-value pair in {} does not have same shape: {}, "
                    "{}".format(name, key.shape, shape))
  if key.dtype != dtype:
    raise TypeError("Key-value pair in {} does not have same dtype: {}, "
                    "{}".format(name, key.dtype, dtype))


def _check_dataset(key, dataset):
  """A dataset bound to `key` must yield single tensors that fit `key`."""
  spec = dataset.element_spec
  if not isinstance(spec, tf.TensorSpec):
    raise TypeError("A tf.data.Dataset in data must yield one tensor per "
                    "element; got elements {}.".format(spec))
  _check_pair("data", key, spec.shape, spec.dtype)


def check_latent_vars(latent_vars):
  """Checks the `latent_vars` dictionary given to an inference.

  Args:
    latent_vars: dict. Binds random variables or tensors to random
      variables or tensors of the same shape and dtype.

  Raises:
    TypeError: if `latent_vars` is not a dict, or a key or value is of
      the wrong type, shape or dtype.
  """
  check_latent_pairs("latent_vars", latent_vars)


def check_latent_pairs(name, pairs):
  """`check_latent_vars` for a dictionary passed as the argument `name`.

  ImplicitKLqp's `global_vars` is checked as Edward checked it, by
  `check_latent_vars`, but its messages name `global_vars`.

  Args:
    name: str. The argument's name, for the messages.
    pairs: dict. What `check_latent_vars` takes.

  Raises:
    TypeError: as `check_latent_vars`.
  """
  if not isinstance(pairs, dict):
    raise TypeError("{} must have type dict.".format(name))
  for key, value in pairs.items():
    if not _is_node(key):
      raise TypeError("Latent variable key has an invalid type: "
                      "{}".format(type(key)))
    if not _is_node(value):
      raise TypeError("Latent variable value has an invalid type: "
                      "{}".format(type(value)))
    _check_pair(name, key, value.shape, value.dtype)


def _walk_to_random_variables(x, collection, stop_at_random_variables,
                              forward):
  """Random variables of `collection` reached from `x` (not `x` itself).

  Walks back through each op's inputs, or forward through consumers as
  Edward did, so that `x` may be a plain tensor or a random variable
  outside `collection`. Returns them in the order of the walk.
  """
  by_tensor = {as_tensor(rv).ref(): rv for rv in collection}
  start = as_tensor(x)

  def found_at(tensor):
    node = by_tensor.get(tensor.ref())
    if node is None or node is x or tensor.ref() == start.ref():
      return None
    return node

  def stop(tensor):
    return stop_at_random_variables and found_at(tensor) is not None

  walk = downstream_tensors if forward else upstream_tensors
  nodes = [found_at(tensor) for tensor in walk(start, stop)]
  return [node for node in nodes if node is not None]


def _random_variable_ancestors(x, collection, stop_at_random_variables):
  """Random variables of `collection` upstream of `x`, in the order found."""
  return _walk_to_random_variables(x, collection, stop_at_random_variables,
                                   forward=False)


def _random_variable_descendants(x, collection, stop_at_random_variables):
  """Random variables of `collection` downstream of `x`, in its order."""
  found = {id(node) for node in _walk_to_random_variables(
      x, collection, stop_at_random_variables, forward=True)}
  return [rv for rv in collection if id(rv) in found]


def get_ancestors(x, collection=None):
  """Returns the random variables that `x` depends on, at any depth.

  Args:
    x: RandomVariable or tf.Tensor. The node to start from.
    collection: list of RandomVariable. Where to look; defaults to every
      random variable in the graph.

  Returns:
    list of RandomVariable.

  #### Examples

  ```python
  a = Normal(0.0, 1.0)
  b = Normal(a, 1.0)
  c = Normal(b, 1.0)
  assert set(ed.get_ancestors(c)) == {a, b}
  ```
  """
  if collection is None:
    collection = random_variables()
  return _random_variable_ancestors(x, collection, False)


def get_parents(x, collection=None):
  """Returns the random variables that `x` depends on directly.

  A parent is an ancestor reached without passing through another
  random variable.

  Args:
    x: RandomVariable or tf.Tensor. The node to start from.
    collection: list of RandomVariable. Defaults to every random variable
      in the graph.

  Returns:
    list of RandomVariable.
  """
  if collection is None:
    collection = random_variables()
  return _random_variable_ancestors(x, collection, True)


def get_descendants(x, collection=None):
  """Returns the random variables that depend on `x`, at any depth.

  Args:
    x: RandomVariable or tf.Tensor. The node to start from.
    collection: list of RandomVariable. Defaults to every random variable
      in the graph.

  Returns:
    list of RandomVariable.
  """
  if collection is None:
    collection = random_variables()
  return _random_variable_descendants(x, collection, False)


def get_children(x, collection=None):
  """Returns the random variables that depend on `x` directly.

  Args:
    x: RandomVariable or tf.Tensor. The node to start from.
    collection: list of RandomVariable. Defaults to every random variable
      in the graph.

  Returns:
    list of RandomVariable.
  """
  if collection is None:
    collection = random_variables()
  return _random_variable_descendants(x, collection, True)


def get_siblings(x, collection=None):
  """Returns the random variables that share a parent with `x`.

  Args:
    x: RandomVariable or tf.Tensor. The node to start from.
    collection: list of RandomVariable. Defaults to every random variable
      in the graph.

  Returns:
    list of RandomVariable, without `x`.
  """
  siblings = []
  for parent in get_parents(x, collection):
    for child in get_children(parent, collection):
      if child is not x and child not in siblings:
        siblings.append(child)
  return siblings


def get_blanket(x, collection=None):
  """Returns the Markov blanket of `x`: parents, children, co-parents.

  Args:
    x: RandomVariable or tf.Tensor. The node to start from.
    collection: list of RandomVariable. Defaults to every random variable
      in the graph.

  Returns:
    list of RandomVariable, without `x`.
  """
  blanket = []
  children = get_children(x, collection)
  candidates = get_parents(x, collection) + children
  for child in children:
    candidates += get_parents(child, collection)
  for node in candidates:
    if node is not x and node not in blanket:
      blanket.append(node)
  return blanket


def get_variables(x, collection=None):
  """Returns the TensorFlow variables that `x` is computed from.

  Args:
    x: RandomVariable or tf.Tensor. The node to start from.
    collection: list of tf.Variable. Where to look; defaults to all
      global variables of the graph.

  Returns:
    list of tf.Variable, without `x` itself.

  #### Examples

  ```python
  a = tf.Variable(0.0)
  b = tf.Variable(1.0)
  c = Normal(a * b, 1.0)
  assert set(ed.get_variables(c)) == {a, b}
  ```
  """
  if collection is None:
    collection = tf1.global_variables()
  by_name = {variable.name: variable for variable in collection}
  found = {}
  for tensor in upstream_tensors(as_tensor(x)):
    variable = by_name.get(tensor.name)
    if variable is not None and variable is not x:
      found[id(variable)] = variable
  return list(found.values())
