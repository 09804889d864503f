"""The one graph-op copier: the ops that read replaced tensors, remade.

Every copy of graph ops in edward_lite is made here, beside the walker
(`graph_walk`) that orders the ops:

- `GraphCopier` copies the ops between some replaced tensors and an
  output, each copy reading the replacement where the original read the
  replaced tensor, and shares every other op (variables, constants,
  other placeholders). BiGAN's cycles G(E(x)) and E(G(z)) and its
  averaged networks are made so (`reconnect`), and so is each replica's
  copy of the model under a tf.distribute strategy.
- `copy_op` remakes one op; `ed.copy` (`node_copy.py`), which copies
  everything up to the graph's leaves as Edward did, remakes its ops
  with it too.

An op inside a TF1 `while_loop` or `cond` belongs to a control-flow
context that a copy of the op alone would not have: every copier refuses
it with the same ValueError (`refuse_tf1_control_flow`), as `ed.copy`
always did. TensorFlow 2's control flow (the default) is one op per loop
or branch, and is copied whole.
"""

from edward_lite._tf import AttrValue, tf, tf1
from edward_lite.util.graph_walk import upstream_ops

__all__ = [
    "GraphCopier",
    "check_copyable",
    "copy_op",
    "new_seed_attrs",
    "ops_to_copy",
    "reconnect",
    "refuse_tf1_control_flow",
    "tensor_key",
]


def tensor_key(tensor):
  """A hashable name of a tensor: (op name, output index).

  Args:
    tensor: tf.Tensor.

  Returns:
    (str, int).
  """
  return tensor.op.name, tensor.value_index


def new_seed_attrs(op):
  """`op`'s attributes, with a new op-level seed if the graph has a seed.

  A random op copied with its `seed2` would draw exactly what the
  original draws, under a graph-level seed; Edward gave each copy the
  next op-level seed of the graph instead (`tf.get_seed(None)`), which
  keeps a seeded program repeatable and the copy's draws new.

  Args:
    op: tf.Operation.

  Returns:
    dict of attribute name to AttrValue.
  """
  attrs = dict(op.node_def.attr)
  graph_seed, op_seed = tf1.get_seed(None)
  if "seed2" in attrs and graph_seed is not None:
    attrs["seed2"] = AttrValue(i=op_seed)
  return attrs


def refuse_tf1_control_flow(op, purpose):
  """Raises ValueError if `op` is inside a TF1 while_loop or cond.

  Args:
    op: tf.Operation. An op about to be copied.
    purpose: str. What asked for the copy (an argument's name), for the
      message.

  Raises:
    ValueError: naming `purpose`, the op and the construct.
  """
  if op._get_control_flow_context() is not None:  # pylint: disable=protected-access
    raise ValueError(
        "{}: cannot copy {}: it is inside a TF1 control flow construct "
        "(while_loop or cond), whose ops cannot be copied one by one; "
        "TensorFlow 2's control flow (the default) is copied whole.".format(
            purpose, op.name))


def copy_op(op, inputs, control_inputs=(), name=None, attrs=None):
  """Adds a copy of `op` to its graph, reading `inputs`.

  Args:
    op: tf.Operation. The op to copy.
    inputs: list of tf.Tensor, one for each of `op.inputs`, of the same
      dtypes.
    control_inputs: list of tf.Operation. What the copy waits for, on top
      of any control dependencies the caller has opened.
    name: str. The copy's name, taken in the current name scope and made
      unique by the graph; default `op.name`.
    attrs: dict of attribute name to AttrValue; default `op`'s own.

  Returns:
    tf.Operation. The copy, with as many outputs as `op`, of the same
    dtypes.
  """
  graph = op.graph
  with graph.control_dependencies(list(control_inputs)):
    return graph.create_op(
        op.type, list(inputs), [t.dtype for t in op.outputs],
        name=op.name if name is None else name,
        attrs=dict(op.node_def.attr) if attrs is None else attrs,
        op_def=op.op_def)


def ops_to_copy(outputs, old_tensors):
  """The ops a copy of `outputs` reading new tensors for `old_tensors` remakes.

  An op is remade when one of its inputs is an old tensor, or one of its
  inputs or control inputs is remade; every other op is shared.

  Args:
    outputs: tf.Tensor or list of tf.Tensor. The end of the graph.
    old_tensors: list of tf.Tensor. The tensors to be replaced.

  Returns:
    list of tf.Operation, each after the ops it reads; empty if
    `outputs` depend on none of `old_tensors`.
  """
  replaced = {tensor.ref() for tensor in old_tensors}
  remade = []
  changed = set()
  for op in upstream_ops(outputs, control_inputs=True,
                         through=lambda t: t.ref() not in replaced):
    if (any(t.ref() in replaced or t.op in changed for t in op.inputs) or
        any(c in changed for c in op.control_inputs)):
      changed.add(op)
      remade.append(op)
  return remade


class GraphCopier(object):
  """Copies what reads replaced tensors; shares every other op.

  Each call gives a tensor as computed from the replacements: the
  replacement itself, a copy of its op when that op (or one it reads,
  or waits for) reads a replaced tensor, or the tensor itself. Ops are
  copied once per copier, in the order of `ops_to_copy`, and named as
  the originals in the current name scope. A copy is placed by the
  device scope it is made in, not colocated with the originals' variables.

  Args:
    replacements: list of (old, new) pairs of tf.Tensor: read `new`
      wherever the original read `old`, e.g. [(z, E(x))], or a
      variable's handle and its moving average's handle.
    purpose: str. What the copy is for (an argument's name), named by
      the error of an op that cannot be copied.
    seed_offset: int. Added to the op-level seed (`seed2`) of every
      copied random op with a seed, so that the copy draws other numbers
      (0 keeps the originals' seeds: the copy draws the same).
  """

  def __init__(self, replacements, purpose, seed_offset=0):
    self._replacements = {old.ref(): new for old, new in replacements}
    self._purpose = purpose
    self._seed_offset = seed_offset
    # Op -> its copy, or itself when it reads nothing replaced.
    self._copies = {}

  def __call__(self, tensor):
    """`tensor` (a tf.Tensor, tf.IndexedSlices or None) read from the
    replacements.

    Raises:
      ValueError: if an op to copy is inside a TF1 while_loop or cond.
    """
    if tensor is None:
      return None
    if isinstance(tensor, tf.IndexedSlices):
      dense_shape = tensor.dense_shape
      return tf.IndexedSlices(
          self(tensor.values), self(tensor.indices),
          None if dense_shape is None else self(dense_shape))
    if tensor.ref() in self._replacements:
      return self._replacements[tensor.ref()]
    for op in upstream_ops(
        tensor, control_inputs=True,
        through=lambda t: t.ref() not in self._replacements,
        stop=lambda op: op in self._copies):
      if op not in self._copies:
        self._copies[op] = self._copy(op)
    return self._copies[tensor.op].outputs[tensor.value_index]

  def _input(self, tensor):
    if tensor.ref() in self._replacements:
      return self._replacements[tensor.ref()]
    return self._copies[tensor.op].outputs[tensor.value_index]

  def _copy(self, op):
    inputs = [self._input(tensor) for tensor in op.inputs]
    controls = [self._copies[control] for control in op.control_inputs]
    if (all(new is old for new, old in zip(inputs, op.inputs)) and
        all(new is old for new, old in zip(controls, op.control_inputs))):
      return op
    refuse_tf1_control_flow(op, self._purpose)
    # The original's colocation with its variables would pin the copy
    # to their device (a replica's copy to the first replica's).
    attrs = {k: v for k, v in op.node_def.attr.items() if k != "_class"}
    seed, seed2 = attrs.get("seed"), attrs.get("seed2")
    if self._seed_offset and seed is not None and seed2 is not None and (
        seed.i or seed2.i):
      attrs["seed2"] = AttrValue(i=seed2.i + self._seed_offset)
    return copy_op(op, inputs, controls, attrs=attrs)


def reconnect(output, replacements, purpose):
  """A copy of `output` that reads new tensors for old ones.

  Args:
    output: tf.Tensor. The end of the graph to copy, e.g. G(z).
    replacements: list of (old, new) pairs of tf.Tensor, as
      `GraphCopier` takes them.
    purpose: str. What the copy is for, for the error message.

  Returns:
    tf.Tensor. The copy of `output`, or `output` itself if it depends on
    none of the replaced tensors.

  Raises:
    ValueError: if an op to copy is inside a TF1 while_loop or cond.
  """
  return GraphCopier(replacements, purpose)(output)


def check_copyable(purpose, output, old_input):
  """Refuses an `output` that a copy cannot read another input for.

  Building nothing, so that a refused `initialize` leaves no op behind.

  Args:
    purpose: str. The keyword that needs the copy, for the message.
    output: (description, tf.Tensor). The network's output, e.g. G(z).
    old_input: (description, tf.Tensor). Its input, e.g. z.

  Raises:
    ValueError: if `output` does not depend on the input, or an op
      between them is inside a TF1 while_loop or cond.
  """
  (output_name, output_tensor), (input_name, input_tensor) = output, old_input
  plan = ops_to_copy(output_tensor, [input_tensor])
  if not plan:
    raise ValueError("{} needs the {} {} to depend on the {} {}.".format(
        purpose, output_name, output_tensor.name, input_name,
        input_tensor.name))
  for op in plan:
    refuse_tf1_control_flow(op, purpose)
