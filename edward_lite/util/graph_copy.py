"""The one place an op is remade: a copy of an op that reads other tensors.

Two users build on it. `ed.copy` (`node_copy.py`) remakes every op
between a node and the graph's leaves, as Edward did, and gives random
ops a new seed so that a copied draw is a new draw. BiGAN's cycles and
averaged networks (`inferences/_graph_copy.py`) remake only the ops on
a path from the tensors they replace, and share everything else.
"""

from edward_lite._tf import AttrValue, tf1

__all__ = ["copy_op", "new_seed_attrs", "tensor_key"]


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
