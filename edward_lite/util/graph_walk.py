"""The one walker over a TensorFlow graph: what a tensor is computed from.

Every walk of edward_lite over a graph goes through here: the random
variables a node depends on (`get_ancestors` and friends), the
variables behind a tensor, the ops a session run needs, the ops a graph
copy must remake, the tensors that numeric checks guard. Each is a
depth-first walk that lists every node once, a node after the nodes it
is computed from; what differs is where a walk may go and where it
stops, given here as arguments. The walk is iterative, so deep
networks do not meet Python's recursion limit, and it ends on graphs
with cycles (the loops of TF1 control flow), where an order of inputs
before outputs cannot hold for the nodes of the cycle.
"""

from edward_lite._tf import tf

__all__ = ["downstream_tensors", "upstream_ops", "upstream_tensors"]


def _post_order(roots, successors, key):
  """Every node reached from `roots`, each after all it leads to.

  Args:
    roots: list of nodes to start from.
    successors: callable(node) -> list of nodes, the next steps.
    key: callable(node) -> hashable, the node's identity.

  Returns:
    list of nodes, each once.
  """
  order = []
  entered = set()
  # (node, True) marks the moment a node's successors are all listed.
  stack = [(node, False) for node in roots]
  while stack:
    node, finished = stack.pop()
    if finished:
      order.append(node)
      continue
    node_key = key(node)
    if node_key in entered:
      continue
    entered.add(node_key)
    stack.append((node, True))
    stack.extend((following, False) for following in successors(node)
                 if key(following) not in entered)
  return order


def _tensor_key(tensor):
  return tensor.ref()


def _as_list(nodes):
  if isinstance(nodes, (list, tuple)):
    return list(nodes)
  return [nodes]


def upstream_tensors(tensors, stop=None):
  """Every tensor that `tensors` are computed from, inputs before outputs.

  Walks back through the inputs of each tensor's op. Control inputs
  carry no tensor and are not followed.

  Args:
    tensors: tf.Tensor or list of tf.Tensor. Where to start; each is
      listed too.
    stop: callable(tf.Tensor) -> bool, or None. A tensor for which it is
      true is listed, but what it is computed from is not walked through
      it (only through another path, if any).

  Returns:
    list of tf.Tensor, each once, each after the tensors it is computed
    from.
  """
  def inputs(tensor):
    if stop is not None and stop(tensor):
      return []
    return list(tensor.op.inputs)

  return _post_order(_as_list(tensors), inputs, _tensor_key)


def downstream_tensors(tensors, stop=None):
  """Every tensor computed from `tensors`, inputs before outputs.

  Walks forward through the ops that read each tensor (its consumers)
  to their outputs.

  Args:
    tensors: tf.Tensor or list of tf.Tensor. Where to start; each is
      listed too.
    stop: callable(tf.Tensor) -> bool, or None. A tensor for which it is
      true is listed, but what is computed from it is not walked
      through it.

  Returns:
    list of tf.Tensor, each once, each before the tensors computed
    from it.
  """
  def outputs(tensor):
    if stop is not None and stop(tensor):
      return []
    return [output for op in tensor.consumers() for output in op.outputs]

  return list(reversed(_post_order(_as_list(tensors), outputs, _tensor_key)))


def upstream_ops(fetches, control_inputs=False, through=None, stop=None):
  """Every op that running `fetches` needs, each after the ops it reads.

  Args:
    fetches: tf.Tensor, tf.Operation, or a list of them. A tensor stands
      for its op. Each is listed too.
    control_inputs: bool. Whether to walk control inputs as well as
      inputs, as a session run does.
    through: callable(tf.Tensor) -> bool, or None. Whether to walk from
      an op to the op of the input tensor given; None walks every input.
      The op of an input refused is not listed, unless reached another
      way.
    stop: callable(tf.Operation) -> bool, or None. An op for which it is
      true is listed, but what it reads is not walked through it.

  Returns:
    list of tf.Operation, each once, each after the ops it reads.
  """
  def inputs(op):
    if stop is not None and stop(op):
      return []
    found = [tensor.op for tensor in op.inputs
             if through is None or through(tensor)]
    if control_inputs:
      found.extend(op.control_inputs)
    return found

  roots = [fetch if isinstance(fetch, tf.Operation) else fetch.op
           for fetch in _as_list(fetches)]
  return _post_order(roots, inputs, lambda op: op)
