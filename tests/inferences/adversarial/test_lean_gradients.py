"""Lean gradients equal TensorFlow's, with fewer ops, and leave the graph be.

Each check builds one small graph, differentiates it with
`tf.gradients` and with `lean_gradients.gradients`, and compares the
two: bit for bit for the leaky-ReLU pattern (same products, TensorFlow's
tie rule), to the last bit or so for the concatenation (a product of
another shape may round its sums otherwise). The slopes are also checked
against NumPy's closed form.
"""

import gc
import weakref

import numpy as np
import pytest

from edward_lite._tf import tf, tf1
from edward_lite.inferences._adversarial import lean_gradients
from edward_lite.util.graph_walk import upstream_ops

# Pre-activations with every case of the tie rule: negative, both zeros,
# a float32 denormal of each sign, positive, and the non-finite values
# (where the objective is not finite either, and the rule is not kept).
X_VALUES = np.array([[-2.5, -0.0, 0.0, 1e-40, -1e-40, 3.0, np.nan, np.inf],
                     [-1e-3, 4.0, -7.0, 0.0, 2e-3, -0.0, 1.0, -np.inf]],
                    np.float32)
UPSTREAM = np.arange(1, 17, dtype=np.float32).reshape(2, 8) / 8.0
FINITE = np.isfinite(X_VALUES)


def _ancestors(tensors):
  """Every op the tensors are computed from."""
  return upstream_ops([t for t in tensors if t is not None])


def _ancestor_types(tensors):
  return [op.type for op in _ancestors(tensors)]


def _product_shapes(tensors):
  return sorted(tuple(op.outputs[0].shape.as_list())
                for op in _ancestors(tensors) if op.type == "MatMul")


def _flushed(values):
  """Denormals as zeros of their sign, as TensorFlow's CPU kernels see them."""
  return np.where(np.abs(values) < np.finfo(np.float32).tiny,
                  np.copysign(np.zeros_like(values), values), values)


def _both_gradients(loss, xs):
  plain = tf1.gradients(loss, xs)
  lean = lean_gradients.gradients(loss, xs)
  return plain, lean


def _leaky(x, slope, order):
  if order == "x_first":
    return tf.maximum(x, slope * x)
  return tf.maximum(slope * x, x)


@pytest.mark.parametrize("order", ["x_first", "x_second"])
@pytest.mark.parametrize("slope", [0.2, 0.0, 1.0])
def test_leaky_maximum_gradient_is_tensorflows_bit_for_bit(sess, order,
                                                           slope):
  x = tf1.placeholder(tf.float32, X_VALUES.shape)
  loss = tf.reduce_sum(_leaky(x, slope, order) * UPSTREAM)
  plain, lean = _both_gradients(loss, [x])
  plain_value, lean_value = sess.run([plain[0], lean[0]], {x: X_VALUES})
  np.testing.assert_array_equal(lean_value[FINITE], plain_value[FINITE])
  # TensorFlow's tie rule, worked out by hand: maximum(x, c*x) gives the
  # gradient of x == 0 to x, maximum(c*x, x) to c*x. The CPU flushes
  # denormals to zero, so they count as zeros of their sign.
  flushed = _flushed(X_VALUES)
  keeps = flushed >= 0 if order == "x_first" else flushed > 0
  expected = UPSTREAM * np.where(keeps, 1.0, np.float32(slope))
  np.testing.assert_array_equal(lean_value[FINITE], expected[FINITE])


def test_leaky_gradient_is_one_op_where_tensorflow_uses_six(sess):
  del sess
  x = tf1.placeholder(tf.float32, [4, 3])
  loss = tf.reduce_sum(tf.maximum(x, 0.2 * x) * UPSTREAM[:1, :3])
  plain, lean = _both_gradients(loss, [x])
  plain_types = _ancestor_types(plain)
  assert "LeakyReluGrad" not in plain_types
  # TensorFlow's: compare, select twice, a product for the c*x path and
  # the sum of both paths.
  assert plain_types.count("GreaterEqual") == 1
  assert plain_types.count("SelectV2") + plain_types.count("Select") == 2
  assert plain_types.count("AddN") == 1
  lean_types = _ancestor_types(lean)
  assert lean_types.count("LeakyReluGrad") == 1
  for op_type in ("Select", "SelectV2", "GreaterEqual", "AddN"):
    assert op_type not in lean_types, op_type


def test_the_sign_test_is_shared_by_two_objectives(sess):
  x = tf1.placeholder(tf.float32, X_VALUES.shape)
  hidden = tf.maximum(x, 0.2 * x)
  loss_a = tf.reduce_sum(hidden * UPSTREAM)
  loss_b = tf.reduce_sum(tf.square(hidden))
  grad_a, = lean_gradients.gradients(loss_a, [x])
  grad_b, = lean_gradients.gradients(loss_b, [x])
  signs = [op for op in tf1.get_default_graph().get_operations()
           if op.type == "Sign"]
  assert len(signs) == 1
  expected_a, = tf1.gradients(loss_a, [x])
  expected_b, = tf1.gradients(loss_b, [x])
  values = sess.run([grad_a, grad_b, expected_a, expected_b],
                    {x: np.nan_to_num(X_VALUES, posinf=5.0, neginf=-5.0)})
  np.testing.assert_array_equal(values[0], values[2])
  np.testing.assert_array_equal(values[1], values[3])


@pytest.mark.parametrize("slope, matched", [(0.25, True), (0.2, False)])
def test_float64_slopes_float32_cannot_hold_keep_tensorflows_gradient(
    sess, slope, matched):
  x = tf1.placeholder(tf.float64, X_VALUES.shape)
  loss = tf.reduce_sum(tf.maximum(x, slope * x) * UPSTREAM.astype(np.float64))
  plain, lean = _both_gradients(loss, [x])
  assert ("LeakyReluGrad" in _ancestor_types(lean)) == matched
  values = np.nan_to_num(X_VALUES, posinf=5.0, neginf=-5.0).astype(
      np.float64)
  np.testing.assert_array_equal(sess.run(lean[0], {x: values}),
                                sess.run(plain[0], {x: values}))


def _agreeing_values(sess, plain, lean, feed):
  """Runs both gradient lists; checks they agree; returns the lean values."""
  sess.run(tf1.global_variables_initializer())
  plain_values, lean_values = sess.run([plain, lean], feed)
  for lean_value, plain_value in zip(lean_values, plain_values):
    np.testing.assert_allclose(lean_value, plain_value, rtol=1e-6, atol=1e-6)
  return lean_values


def _pair_graph(rng):
  """(data, latent, weights, loss): a dense layer on concat([data, latent])."""
  data = tf1.placeholder(tf.float32, [5, 6])
  latent = tf1.Variable(rng.randn(5, 2).astype(np.float32))
  weights = tf1.Variable(rng.randn(8, 3).astype(np.float32))
  logits = tf.matmul(tf.concat([data, latent], 1), weights)
  loss = tf.reduce_sum(tf.tanh(logits) * rng.randn(5, 3).astype(np.float32))
  return data, latent, weights, loss


def test_a_concatenation_is_differentiated_only_where_needed(sess):
  rng = np.random.RandomState(0)
  data, latent, weights, loss = _pair_graph(rng)
  plain, lean = _both_gradients(loss, [latent, weights])
  feed = {data: rng.randn(5, 6).astype(np.float32)}
  lean_values = _agreeing_values(sess, plain, lean, feed)
  # Closed form for the latent piece: dL/dlogits @ weights[6:].T.
  latent_value, weights_value = sess.run([latent, weights])
  joint = np.concatenate([feed[data], latent_value], 1)
  upstream = sess.run(
      tf1.gradients(loss, [tf1.get_default_graph().get_tensor_by_name(
          "MatMul:0")])[0], feed)
  np.testing.assert_allclose(lean_values[0], upstream @ weights_value[6:].T,
                             rtol=1e-5)
  np.testing.assert_allclose(lean_values[1], joint.T @ upstream, rtol=1e-5)
  # What the gradients need: TensorFlow's needs the whole [5, 8] input
  # gradient; the lean one only the latent's [5, 2] piece.
  assert (5, 8) in _product_shapes(plain)
  assert (5, 8) not in _product_shapes(lean)
  assert (5, 2) in _product_shapes(lean)
  assert (5, 6) not in _product_shapes(lean)


def test_a_concatenation_read_twice_falls_back_to_tensorflows_gradient(sess):
  rng = np.random.RandomState(1)
  data = tf1.placeholder(tf.float32, [5, 6])
  latent = tf1.Variable(rng.randn(5, 2).astype(np.float32))
  joint = tf.concat([data, latent], 1)
  weights = tf1.Variable(rng.randn(8, 3).astype(np.float32))
  loss = (tf.reduce_sum(tf.matmul(joint, weights) ** 2) +
          tf.reduce_sum(joint * 3.0))
  plain, lean = _both_gradients(loss, [latent, weights])
  feed = {data: rng.randn(5, 6).astype(np.float32)}
  lean_values = _agreeing_values(sess, plain, lean, feed)


@tf1.RegisterGradient("LeanTestDoubledMaximum")
def _doubled_maximum_gradient(op, grad):
  del op
  return 2.0 * grad, tf.zeros_like(grad)


def test_the_graph_is_left_unmarked_and_a_users_override_stands(sess):
  graph = tf1.get_default_graph()
  x = tf1.placeholder(tf.float32, X_VALUES.shape)
  with graph.gradient_override_map({"Maximum": "LeanTestDoubledMaximum"}):
    own = tf.maximum(x, 0.5 * x)
  plain_pattern = tf.maximum(x, 0.3 * x)
  loss = tf.reduce_sum(own) + tf.reduce_sum(plain_pattern)
  before = {op.name: dict(op.node_def.attr) for op in graph.get_operations()}
  grad, = lean_gradients.gradients(loss, [x])
  for name, attrs in before.items():
    assert dict(graph.get_operation_by_name(name).node_def.attr) == attrs
  assert own.op.get_attr("_gradient_op_type") == b"LeanTestDoubledMaximum"
  values = np.nan_to_num(X_VALUES, posinf=5.0, neginf=-5.0)
  expected = 2.0 + np.where(_flushed(values) >= 0, 1.0, np.float32(0.3))
  np.testing.assert_allclose(sess.run(grad, {x: values}), expected,
                             rtol=1e-6)


def test_a_scaled_copy_differentiated_for_keeps_tensorflows_gradient(sess):
  x = tf1.placeholder(tf.float32, X_VALUES.shape)
  scaled = 0.2 * x
  loss = tf.reduce_sum(tf.maximum(x, scaled) * UPSTREAM)
  plain, lean = _both_gradients(loss, [x, scaled])
  assert "LeakyReluGrad" not in _ancestor_types(lean)
  values = np.nan_to_num(X_VALUES, posinf=5.0, neginf=-5.0)
  for lean_value, plain_value in zip(sess.run(lean, {x: values}),
                                     sess.run(plain, {x: values})):
    np.testing.assert_array_equal(lean_value, plain_value)


def _both_patterns():
  """(loss, weights): a leaky ReLU inside a concatenation fed to a matmul."""
  x = tf1.placeholder(tf.float32, [2, 3])
  weights = tf1.Variable(np.ones((5, 1), np.float32))
  joint = tf.concat([x, tf.maximum(x[:, :2], 0.2 * x[:, :2])], 1)
  return tf.reduce_sum(tf.matmul(joint, weights)), weights


def test_a_failing_differentiation_leaves_no_mark(monkeypatch):
  with tf1.Graph().as_default() as graph:
    loss, weights = _both_patterns()

    def refuse(*args, **kwargs):
      del args, kwargs
      raise RuntimeError("refused")

    monkeypatch.setattr(lean_gradients.tf, "gradients", refuse)
    with pytest.raises(RuntimeError, match="^refused$"):
      lean_gradients.gradients(loss, [weights])
    for op in graph.get_operations():
      with pytest.raises(ValueError):
        op.get_attr("_gradient_op_type")


def test_ys_must_be_a_tensor():
  with tf1.Graph().as_default():
    x = tf1.Variable(1.0)
    with pytest.raises(TypeError, match="^ys must be a tf.Tensor; got list.$"):
      lean_gradients.gradients([x * 2.0], [x])


def test_a_graph_differentiated_lean_is_freed_with_its_last_reference():
  with tf1.Graph().as_default() as graph:
    loss, weights = _both_patterns()
    lean_gradients.gradients(loss, [weights])
  freed = weakref.ref(graph)
  del graph, loss, weights
  gc.collect()
  assert freed() is None
