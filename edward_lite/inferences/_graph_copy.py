"""Copies of part of a graph that read other tensors.

A BiGAN is given as tensors, G(z) and E(x), not as the Python functions
that built them. Its cycles, G(E(x)) for ALICE and ALAD and E(G(z)) for
ALAD, and its averaged networks (the same ops reading the moving
averages of the weights) are had by copying the ops between the tensors
to replace and the output, each copy reading the replacement where the
original read the replaced tensor. Everything else the copied ops read
(variables, constants, other placeholders, random draws) is shared with
the original, so the copy's gradients reach the original variables.
Each op is remade by `edward_lite.util.graph_copy.copy_op`, as
`ed.copy`'s are.
"""

from edward_lite.util.graph_copy import copy_op, tensor_key
from edward_lite.util.graph_walk import upstream_tensors

__all__ = ["check_copyable", "copy_plan", "reconnect", "tensor_key"]


def copy_plan(output, old_tensors):
  """The ops on a path from any of `old_tensors` to `output`, inputs first.

  Args:
    output: tf.Tensor. The end of the graph to copy, e.g. G(z).
    old_tensors: list of tf.Tensor. The tensors the copy will no longer
      read, e.g. [z].

  Returns:
    list of tf.Operation, in an order where every op follows the ops it
    reads; empty if `output` depends on none of `old_tensors`.

  Raises:
    ValueError: if the path runs through a TF1 while loop or cond, whose
      ops cannot be copied one by one.
  """
  old_keys = {tensor_key(t) for t in old_tensors}

  def is_old(tensor):
    return tensor_key(tensor) in old_keys

  # Whether each tensor is computed from an old one; every tensor comes
  # after the tensors it is computed from, so a copy can follow that order.
  depends = {}
  plan = {}
  for tensor in upstream_tensors(output, stop=is_old):
    if is_old(tensor):
      depends[tensor.ref()] = True
      continue
    depends[tensor.ref()] = any(depends.get(t.ref(), False)
                                for t in tensor.op.inputs)
    if depends[tensor.ref()]:
      plan[tensor.op] = None
  plan = list(plan)
  for op in plan:
    if op._get_control_flow_context() is not None:  # pylint: disable=protected-access
      raise ValueError(
          "cannot copy {}: it is inside a TF1 control flow construct "
          "(while_loop or cond).".format(op.name))
  return plan


def reconnect(output, replacements):
  """Copies the graph of `output`, reading new tensors for old ones.

  Only the ops on some path from a replaced tensor to `output` are
  copied (see `copy_plan`); the copies get the originals' names, made
  unique by the graph.

  Args:
    output: tf.Tensor. The end of the graph to copy, e.g. G(z).
    replacements: list of (old, new) pairs of tf.Tensor: read `new`
      wherever the original read `old`, e.g. [(z, E(x))], or a
      variable's handle and its moving average's handle.

  Returns:
    tf.Tensor. The copy of `output`, or `output` itself if it depends on
    none of the replaced tensors.

  Raises:
    ValueError: as `copy_plan`.
  """
  copies = {tensor_key(old): new for old, new in replacements}
  if tensor_key(output) in copies:
    return copies[tensor_key(output)]
  for op in copy_plan(output, [old for old, _ in replacements]):
    inputs = [copies.get(tensor_key(t), t) for t in op.inputs]
    control = [copies[tensor_key(c.outputs[0])].op
               if c.outputs and tensor_key(c.outputs[0]) in copies else c
               for c in op.control_inputs]
    copy = copy_op(op, inputs, control)
    for original, copied in zip(op.outputs, copy.outputs):
      copies[tensor_key(original)] = copied
  return copies.get(tensor_key(output), output)


def check_copyable(option, output, old_input):
  """Refuses an `output` that a graph copy cannot read `old_input` for.

  Args:
    option: str. The keyword that needs the copy, for the message.
    output: (description, tf.Tensor). The network's output, e.g. G(z).
    old_input: (description, tf.Tensor). Its input, e.g. z.

  Raises:
    ValueError: if `output` does not depend on the input, or the path
      between them runs through a TF1 while loop or cond.
  """
  (output_name, output_tensor), (input_name, input_tensor) = output, old_input
  try:
    plan = copy_plan(output_tensor, [input_tensor])
  except ValueError as error:
    raise ValueError("{} {}".format(option, error)) from error
  if not plan:
    raise ValueError("{} needs the {} {} to depend on the {} {}.".format(
        option, output_name, output_tensor.name, input_name,
        input_tensor.name))
