"""`ed.copy`: a node of the graph rebuilt with some of its ancestors swapped.

Edward 1.3.5 found what it had already copied by name (the scope plus
the original's name) and recursed once per op, and so met Python's
recursion limit on deep graphs. Here the copies made in a scope are
remembered per graph and scope, the walk is the iterative one of
`graph_walk`, and each op is remade by `graph_copy.copy_op`, the same
maker the BiGAN's graph copies and the replicas' use, with the same
refusal of TF1 control flow.
"""

import weakref

from edward_lite._tf import tf, tf1
from edward_lite.util.graph_copy import (
    copy_op, new_seed_attrs, refuse_tf1_control_flow, tensor_key)
from edward_lite.util.graph_walk import upstream_tensors
from edward_lite.util.graphs import is_random_variable, random_variables

__all__ = ["copy"]

# graph -> {scope: {key: copy}}: what `copy` made in each scope, so that a
# later call in the same scope reuses it, as Edward's lookup by name did.
# Keys: ("tensor", tensor_key), ("op", op name), ("rv", value's key).
_COPIES = weakref.WeakKeyDictionary()

# Ops that hold state shared by every reader: a copy would be a second
# variable, placeholder, queue or iterator, not the same one read again.
_NEVER_COPIED_TYPES = ("VarHandleOp", "VariableV2", "Variable",
                       "Placeholder", "PlaceholderWithDefault",
                       "PlaceholderV2")
_NEVER_COPIED_PARTS = ("Queue", "Iterator")


def _is_node(x):
  return is_random_variable(x) or isinstance(
      x, (tf.Operation, tf.Tensor, tf.Variable))


def _never_copied(op):
  return (op.type in _NEVER_COPIED_TYPES or
          any(part in op.type for part in _NEVER_COPIED_PARTS))


def _as_input(node):
  """A swap's value as something an op can read."""
  if is_random_variable(node):
    return node.value()
  return tf.convert_to_tensor(node)


class _Copier(object):
  """One call of `copy`: the swaps, the scope and its earlier copies."""

  def __init__(self, graph, dict_swap, scope, copy_q, copy_parent_rvs):
    self.graph = graph
    self.scope = scope
    self.copy_q = copy_q
    self.copy_parent_rvs = copy_parent_rvs
    self.made = _COPIES.setdefault(graph, {}).setdefault(scope, {})
    # What each kind of key stands for: a random variable for its value,
    # a variable for every read of it, an op for itself and its outputs.
    self.node_swaps = {}
    self.tensor_swaps = {}
    self.variable_swaps = {}
    self.op_swaps = {}
    for key, value in dict_swap.items():
      self.node_swaps[id(key)] = value
      if is_random_variable(key):
        self.tensor_swaps[tensor_key(key.value())] = value
      elif isinstance(key, tf.Variable):
        self.variable_swaps[key.name] = value
      elif isinstance(key, tf.Operation):
        self.op_swaps[key.name] = value
      elif isinstance(key, tf.Tensor):
        self.tensor_swaps[tensor_key(key)] = value
      else:
        raise TypeError("dict_swap: a key must be a RandomVariable, "
                        "tf.Variable, tf.Tensor or tf.Operation, not "
                        "{}.".format(type(key).__name__))
    self.rvs_by_value = {tensor_key(rv.value()): rv
                         for rv in random_variables(graph)}

  def node(self, x, replace_itself):
    """The copy of `x` (RandomVariable, tf.Tensor, tf.Operation, variable)."""
    if replace_itself:
      swapped = self._swap_of(x)
      if swapped is not None:
        if not self.copy_q:
          return swapped
        x = swapped
    if isinstance(x, tf.Variable):
      return x
    if is_random_variable(x):
      return self.random_variable(x)
    if isinstance(x, tf.Operation):
      return self.operation(x)
    return self.tensor(tf.convert_to_tensor(x))

  def _swap_of(self, x):
    if id(x) in self.node_swaps:
      return self.node_swaps[id(x)]
    if isinstance(x, tf.Tensor):
      return self._tensor_swap(x)
    if isinstance(x, tf.Operation):
      return self.op_swaps.get(x.name)
    return None

  def _tensor_swap(self, tensor):
    """What `dict_swap` puts in `tensor`'s place, or None."""
    key = tensor_key(tensor)
    if key in self.tensor_swaps:
      return self.tensor_swaps[key]
    if tensor.op.name in self.op_swaps:
      return self.op_swaps[tensor.op.name].outputs[tensor.value_index]
    if tensor.op.type in ("VariableV2", "Variable"):
      return self.variable_swaps.get(tensor.name)
    # Each read of a resource variable is an op of its own: every read of
    # a swapped variable is the swap.
    if tensor.op.type == "ReadVariableOp":
      return self.variable_swaps.get(tensor.op.inputs[0].name)
    return None

  def random_variable(self, rv):
    """A new random variable of `rv`'s class on copied arguments."""
    key = ("rv", tensor_key(rv.value()))
    if key in self.made:
      return self.made[key]
    args = [self._argument(arg) for arg in rv._args]  # pylint: disable=protected-access
    kwargs = {name: self._argument(value)
              for name, value in rv._kwargs.items()}  # pylint: disable=protected-access
    kwargs["name"] = self.scope + rv.name
    new_rv = type(rv)(*args, **kwargs)
    self.made[key] = new_rv
    self.made[("tensor", tensor_key(rv.value()))] = new_rv.value()
    return new_rv

  def _argument(self, value):
    """A random variable's constructor argument, copied if it is a node."""
    if isinstance(value, (list, tuple)):
      return type(value)(self._argument(item) for item in value)
    if _is_node(value):
      return self.node(value, True)
    return value

  def operation(self, op):
    """The copy of `op`, or `op` itself where it is never copied."""
    if _never_copied(op):
      return op
    for tensor in op.inputs:
      self._walk(tensor)
    return self._copy_op(op)

  def tensor(self, tensor):
    """The copy of `tensor`; `tensor` itself is not swapped here."""
    made = self.made.get(("tensor", tensor_key(tensor)))
    if made is not None:
      return made
    if _never_copied(tensor.op):
      return tensor
    rv = self.rvs_by_value.get(tensor_key(tensor))
    if rv is not None and self.copy_parent_rvs:
      return self.random_variable(rv).value()
    return self.operation(tensor.op).outputs[tensor.value_index]

  def _walk(self, tensor):
    """Copies every op between `tensor` and the leaves, inputs first."""
    for found in upstream_tensors(tensor, stop=self._is_leaf):
      if not self._is_leaf(found):
        self._copy_op(found.op)

  def _is_leaf(self, tensor):
    """Whether the walk stops at `tensor`: it is not copied through."""
    return (self._tensor_swap(tensor) is not None or
            ("tensor", tensor_key(tensor)) in self.made or
            _never_copied(tensor.op) or
            (self.copy_parent_rvs and
             tensor_key(tensor) in self.rvs_by_value))

  def _read(self, tensor):
    """What a copied op reads in place of its input `tensor`."""
    swapped = self._tensor_swap(tensor)
    if swapped is not None:
      if self.copy_q:
        swapped = self.node(swapped, False)
      return _as_input(swapped)
    made = self.made.get(("tensor", tensor_key(tensor)))
    if made is not None:
      return made
    rv = self.rvs_by_value.get(tensor_key(tensor))
    if rv is not None and self.copy_parent_rvs:
      return self.random_variable(rv).value()
    return tensor

  def _copy_op(self, op):
    made = self.made.get(("op", op.name))
    if made is not None:
      return made
    refuse_tf1_control_flow(op, "org_instance")
    inputs = [self._read(t) for t in op.inputs]
    # A control input copied already is waited for in its copy; others
    # are waited for as they are.
    control = [self.made.get(("op", c.name), c) for c in op.control_inputs]
    with self.graph.name_scope(None):
      new_op = copy_op(op, inputs, control, name=self.scope + op.name,
                       attrs=new_seed_attrs(op))
    self.made[("op", op.name)] = new_op
    for original, copied in zip(op.outputs, new_op.outputs):
      self.made[("tensor", tensor_key(original))] = copied
    return new_op


def copy(org_instance, dict_swap=None, scope="copied",
         replace_itself=False, copy_q=False, copy_parent_rvs=True):
  """Adds a copy of a node to the graph, with some of its ancestors swapped.

  Every op that `org_instance` is computed from is copied, up to the
  graph's leaves, and each copy reads the copies of its inputs; where
  the original read a key of `dict_swap` (or a tensor computed from
  one), the copy reads the key's value. The copies' names are `scope`
  plus the original names.

  Variables, placeholders, queues and iterators are never copied: the
  copy reads the same ones. A random op (one with an op-level seed)
  gets a new op-level seed when the graph has a seed, so a copy draws
  anew, and a seeded program stays repeatable. A random variable
  reached on the way is rebuilt, as a new random variable of its class
  on copied arguments (see `copy_parent_rvs`). Nodes copied before in
  the same `scope` and graph are reused, not copied again.

  Args:
    org_instance: RandomVariable, tf.Operation, tf.Tensor or
      tf.Variable. The node to copy. A variable is returned as it is.
    dict_swap: dict. What to swap: keys are random variables, variables,
      tensors or operations that `org_instance` may depend on; values
      are what the copy reads instead (of the same dtype, and a shape
      that fits). A random variable key stands for its value; a variable
      key for every read of it.
    scope: str. The name scope of the copies, so that their names do not
      clash with the originals'.
    replace_itself: bool. Whether `org_instance` itself is swapped when
      it is a key of `dict_swap`.
    copy_q: bool. Whether the values of `dict_swap` are copied too
      (in `scope`), rather than read as they are.
    copy_parent_rvs: bool. Whether the random variables that
      `org_instance` depends on are rebuilt as new random variables (and
      join the graph's random variables). If False, only the ops of
      their draws are copied.

  Returns:
    RandomVariable, tf.Variable, tf.Tensor or tf.Operation. The copy,
    of the kind of `org_instance`.

  Raises:
    TypeError: if `org_instance` or a key of `dict_swap` is none of the
      kinds above, `dict_swap` is not a dict, or `scope` not a str.
    ValueError: if `scope` is empty, or an op to copy is inside a TF1
      while loop or cond, whose ops cannot be copied one by one.

  #### Examples

  ```python
  x = tf.constant(2.0)
  y = tf.constant(3.0)
  z = x * y
  qx = tf.constant(4.0)
  # The graph gains copied/mul, reading qx and a copy of y.
  z_new = ed.copy(z, {x: qx})
  sess = ed.get_session()
  assert sess.run(z) == 6.0
  assert sess.run(z_new) == 12.0
  ```
  """
  if not _is_node(org_instance):
    raise TypeError("Could not copy instance: " + str(org_instance))
  if dict_swap is None:
    dict_swap = {}
  elif not isinstance(dict_swap, dict):
    raise TypeError("dict_swap must have type dict, not {}.".format(
        type(dict_swap).__name__))
  if not isinstance(scope, str):
    raise TypeError("scope must be a str, not {!r}.".format(scope))
  if not scope:
    raise ValueError("scope must not be empty: the copies' names would "
                     "clash with the originals'.")
  if not scope.endswith("/"):
    scope += "/"
  graph = tf1.get_default_graph()
  copier = _Copier(graph, dict_swap, scope, copy_q, copy_parent_rvs)
  return copier.node(org_instance, replace_itself)
