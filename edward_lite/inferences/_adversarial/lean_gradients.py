"""Gradients with fewer ops for two patterns of Edward's GAN models.

`initialize(lean_gradients=True)` differentiates the objectives with
`gradients` below instead of `tf.gradients`. It gives the same values
with fewer and smaller ops where it recognises one of two patterns in
the graph between the losses and the variables:

- **Leaky ReLU written as a maximum**, `tf.maximum(x, c * x)` or
  `tf.maximum(c * x, x)` with a constant `c` in [0, 1] (Edward's
  examples write it so). TensorFlow differentiates the maximum and the
  product separately: a comparison, a zero tensor, two selects, a
  product and a sum of the two paths (six ops per use and per
  objective). Here it is one `LeakyReluGrad` op per objective (g where
  the slope is 1, c * g where it is c). It follows TensorFlow's own tie
  rule for the order written: `maximum(c*x, x)` sends the gradient of
  x == 0 to `c*x`, which is LeakyReluGrad's rule (slope 1 for x > 0);
  `maximum(x, c*x)` sends it to x (slope 1 for x >= 0), so LeakyReluGrad
  is given `sign(x) + 1/2` instead of x, made once per maximum and
  shared by both objectives. The gradient is the one TensorFlow
  computes, bit for bit, wherever x is finite (at an infinite or NaN x
  the two may route the gradient differently, and the objective is not
  finite either).
- **A matrix product of a concatenation**, `tf.matmul(tf.concat([a, b],
  1), w)` (the BiGAN discriminator's first layer on its pair). The
  gradient of the concatenation is computed as one product per piece,
  `g @ w[rows of the piece]^T`, so that the session skips the pieces
  nobody needs: the data `x` of the pair (x, E(x)) and the noise `z` of
  (G(z), z) need no gradient. TensorFlow computes the whole
  `g @ w^T` and slices it. The kept pieces are the same sums, possibly
  rounded differently in the last bit by a matrix kernel of another
  shape.

Ops are recognised by structure only; anything else keeps TensorFlow's
gradient. The graph is left as it was: the patterns are marked for the
duration of the `tf.gradients` call (by the `_gradient_op_type`
attribute that `Graph.gradient_override_map` sets) and unmarked after.
"""

import threading

import numpy as np

from edward_lite._tf import AttrValue, gradient_registry, tf, tf1
from edward_lite.util.graph_walk import upstream_ops

__all__ = [
    "differentiate",
    "gradients",
]

_LEAKY_X_FIRST = "EdwardLiteLeakyMaximumXFirst"
_LEAKY_X_SECOND = "EdwardLiteLeakyMaximumXSecond"
_CONCAT_MATMUL = "EdwardLiteConcatMatMul"
_CONCAT = "EdwardLiteConcatOfPieces"
_ATTR = "_gradient_op_type"
# The graph attribute holding {Maximum op name: sign test of its x},
# shared by the gradients of every objective in that graph. Kept on the
# graph itself (not in a table keyed by graph) so that it goes with it.
_SIGN_TESTS_ATTR = "_edward_lite_sign_tests"

# Marking, differentiating and unmarking happen under one lock, so that
# two threads building in one graph (tf.distribute's replicas) do not
# unmark each other's ops. Reentrant: a gradient function may itself
# differentiate.
_LOCK = threading.RLock()


class _Call(threading.local):
  """What one `gradients` call's gradient functions share."""

  def __init__(self):
    super(_Call, self).__init__()
    # {gradient-of-concatenation tensor ref: per-piece gradients}.
    self.pieces = {}


_CALL = _Call()


def gradients(ys, xs):
  """`tf.gradients(ys, xs)`, with the lean gradients of the patterns.

  Args:
    ys: tf.Tensor. The objective.
    xs: list of tf.Variable or tf.Tensor. A tensor of `xs` that a
      pattern reads (the `c * x` of a maximum) keeps TensorFlow's gradient
      for that pattern.

  Returns:
    list of tf.Tensor or None, one per element of `xs`, as tf.gradients.

  Raises:
    TypeError: if `ys` is not a tf.Tensor.
  """
  if not isinstance(ys, tf.Tensor):
    raise TypeError("ys must be a tf.Tensor; got {}.".format(
        type(ys).__name__))
  targets = {tf.convert_to_tensor(x).ref() for x in xs}
  with _LOCK:
    marked = []
    outer_pieces = _CALL.pieces
    _CALL.pieces = {}
    try:
      _mark(_ops_between(ys), targets, marked)
      return tf.gradients(ys, xs)
    finally:
      for op in marked:
        op._clear_attr(_ATTR)  # pylint: disable=protected-access
      _CALL.pieces = outer_pieces


def differentiate(loss, var_list, lean):
  """(gradient, variable) pairs of `loss`, by `gradients` if `lean`.

  Args:
    loss: scalar tf.Tensor.
    var_list: list of tf.Variable.
    lean: bool. `initialize`'s `lean_gradients`; False differentiates
      with `tf.gradients`, Edward's graph op for op.

  Returns:
    list of (tf.Tensor or None, tf.Variable).
  """
  grads = (gradients if lean else tf.gradients)(loss, var_list)
  return list(zip(grads, var_list))


def _ops_between(ys):
  """The ops `ys` is computed from, outside any TF1 control flow."""
  return [op for op in upstream_ops(ys)
          if op._get_control_flow_context() is None]  # pylint: disable=protected-access


def _constant_slope(tensor):
  """The value of a constant scalar in [0, 1], or None.

  None too for a value that float32 cannot hold exactly (in a float64
  graph): LeakyReluGrad takes its slope as a float32 attribute.
  """
  if tensor.shape.rank != 0 or not tensor.dtype.is_floating:
    return None
  value = tf1.get_static_value(tensor)
  if value is None or not 0.0 <= float(value) <= 1.0:
    return None
  if float(np.float32(value)) != float(value):
    return None
  return float(value)


def _slope_of(product, x):
  """c when `product` is `c * x` for a constant scalar c in [0, 1], or None."""
  op = product.op
  if op.type != "Mul":
    return None
  first, second = op.inputs
  if first.ref() == x.ref():
    return _constant_slope(second)
  if second.ref() == x.ref():
    return _constant_slope(first)
  return None


def _concat_axis_is_last(concat):
  axis = tf1.get_static_value(concat.inputs[-1])
  rank = concat.outputs[0].shape.rank
  return axis is not None and rank == 2 and int(axis) in (1, -1)


def _lean_concat_matmul(op):
  """Whether `op` is MatMul(ConcatV2(pieces of known widths, axis=1), w)."""
  if op.type != "MatMul" or not op.inputs[0].dtype.is_floating:
    return False
  if op.get_attr("transpose_a") or op.get_attr("transpose_b"):
    return False
  concat = op.inputs[0].op
  if concat.type != "ConcatV2" or not _concat_axis_is_last(concat):
    return False
  pieces = concat.inputs[:-1]
  return all(p.shape.rank == 2 and p.shape[1] is not None for p in pieces)


def _mark(ops, targets, marked):
  """Marks the ops of both patterns, appending each to `marked` as it goes.

  Args:
    ops: list of tf.Operation.
    targets: set of tensor refs that are differentiated for directly.
    marked: list. Receives every op marked, so that a failure halfway
      still unmarks the ones before it.
  """
  marks = []
  for op in ops:
    if op.type == "Maximum" and op.inputs[0].dtype.is_floating:
      first, second = op.inputs
      if (_slope_of(second, first) is not None and
          second.ref() not in targets):
        marks.append((op, _LEAKY_X_FIRST))
      elif (_slope_of(first, second) is not None and
            first.ref() not in targets):
        marks.append((op, _LEAKY_X_SECOND))
    elif _lean_concat_matmul(op):
      marks.append((op, _CONCAT_MATMUL))
      marks.append((op.inputs[0].op, _CONCAT))
  for op, kind in marks:
    if _ATTR in op.node_def.attr:
      continue  # an override of the user's own stands
    op._set_attr(_ATTR, AttrValue(s=kind.encode()))  # pylint: disable=protected-access
    marked.append(op)


def _sign_test(op, x):
  """A tensor that is > 0 exactly where x >= 0 (x = -0 included).

  sign(x) + 1/2: 1.5, 0.5 or -0.5, and NaN for NaN, whatever the CPU does
  with denormals (flushed to zero, sign(x) is 0 as the maximum's own
  comparison then sees a tie). Made once per maximum and shared by the
  gradients of both objectives.
  """
  graph = op.graph
  tests = getattr(graph, _SIGN_TESTS_ATTR, None)
  if tests is None:
    tests = {}
    setattr(graph, _SIGN_TESTS_ATTR, tests)
  if op.name not in tests:
    # Made as the maximum itself was (its device, no control inputs), so
    # that later objectives can share it whatever context the first was
    # differentiated in.
    with graph.colocate_with(op), tf1.control_dependencies(None), \
        tf1.name_scope(op.name + "_sign_test"):
      tests[op.name] = tf.sign(x) + tf.constant(0.5, x.dtype)
  return tests[op.name]


def _leaky_x_first(op, grad):
  # maximum(x, c*x) sends the gradient of a tie (x == 0) to x: the slope
  # is 1 where x >= 0 and c where x < 0.
  x, scaled = op.inputs
  return tf.raw_ops.LeakyReluGrad(gradients=grad, features=_sign_test(op, x),
                                  alpha=_slope_of(scaled, x)), None


def _leaky_x_second(op, grad):
  # maximum(c*x, x) sends the gradient of a tie to c*x: the slope is 1
  # where x > 0 and c where x <= 0, which is LeakyReluGrad's own rule.
  scaled, x = op.inputs
  return None, tf.raw_ops.LeakyReluGrad(gradients=grad, features=x,
                                        alpha=_slope_of(scaled, x))


def _concat_matmul(op, grad):
  """MatMul's gradient, that of its concatenated input one piece at a time."""
  joint, weights = op.inputs
  pieces = []
  start = 0
  for piece in joint.op.inputs[:-1]:
    stop = start + int(piece.shape[1])
    pieces.append(tf.raw_ops.MatMul(a=grad, b=weights[start:stop],
                                     transpose_b=True, grad_a=True))
    start = stop
  grad_joint = tf.concat(pieces, 1)
  _CALL.pieces[grad_joint.ref()] = pieces
  grad_weights = tf.raw_ops.MatMul(a=joint, b=grad, transpose_a=True,
                                    grad_b=True)
  return grad_joint, grad_weights


def _concat_of_pieces(op, grad):
  """The per-piece gradients when `grad` is the product's own, else TF's."""
  pieces = _CALL.pieces
  # tf.gradients may pass the product's gradient through identities.
  joint = grad
  for _ in range(4):
    if joint.ref() in pieces:
      return list(pieces[joint.ref()]) + [None]
    if joint.op.type != "Identity":
      break
    joint = joint.op.inputs[0]
  # Summed with other gradients of the concatenation: TensorFlow's way.
  return gradient_registry.lookup("ConcatV2")(op, grad)


def _register():
  for name, function in [(_LEAKY_X_FIRST, _leaky_x_first),
                         (_LEAKY_X_SECOND, _leaky_x_second),
                         (_CONCAT_MATMUL, _concat_matmul),
                         (_CONCAT, _concat_of_pieces)]:
    if name not in gradient_registry.list():  # not by an earlier import
      tf1.RegisterGradient(name)(function)


_register()
