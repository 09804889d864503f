"""Every tf_slim function the upgrade table maps to, called on a tiny input.

A rule that only names a function proves nothing: tf_slim's batch_norm
and optimize_loss exist and fail on this TensorFlow. Each function the
tables send contrib code to is run here once and its result compared
with NumPy; the two that fail are held to failing, so that the tables
change when tf_slim is fixed.
"""

import numpy as np
import pytest

from edward_lite._tf import tf1
from edward_lite.upgrade import spec

tf_slim = pytest.importorskip("tf_slim")

X2 = np.array([[1.0, -2.0, 3.0, 0.5, -1.0, 2.0],
               [0.0, 4.0, -3.0, 1.0, 2.0, -0.5]], np.float32)
X4 = np.arange(2 * 4 * 4 * 3, dtype=np.float32).reshape(2, 4, 4, 3) / 10.0
W = np.array([[1.0, -2.0], [3.0, -0.5]], np.float32)
ONES = tf1.ones_initializer()


def _blocks(x, reduce):
  """2x2 blocks of NHWC `x`, stride 2, reduced by `reduce`."""
  n, h, w, c = x.shape
  return reduce(x.reshape(n, h // 2, 2, w // 2, 2, c), axis=(2, 4))


def _normalized(x, axes, epsilon):
  x = x.astype(np.float64)
  mean = x.mean(axis=axes, keepdims=True)
  return (x - mean) / np.sqrt(x.var(axis=axes, keepdims=True) + epsilon)


def _softmax(x):
  e = np.exp(x - x.max(axis=-1, keepdims=True))
  return e / e.sum(axis=-1, keepdims=True)


def _regularized(make):
  return lambda: make()(tf1.constant(W))


L1 = 0.1 * np.abs(W).sum()
L2 = 0.2 * np.square(W).sum() / 2.0
ROW_SUMS = X2.sum(axis=1, keepdims=True)

# name -> (build the result, the value NumPy expects).
CALLS = {
    "apply_regularization": (
        lambda: tf_slim.apply_regularization(
            tf_slim.l2_regularizer(0.2), [tf1.constant(W)]), L2),
    "avg_pool2d": (lambda: tf_slim.avg_pool2d(X4, 2), _blocks(X4, np.mean)),
    "bias_add": (lambda: tf_slim.bias_add(
        X2, initializer=tf1.constant_initializer(1.5)), X2 + 1.5),
    "conv2d": (lambda: tf_slim.conv2d(
        X4, 1, 1, weights_initializer=ONES, activation_fn=None),
               X4.sum(axis=3, keepdims=True)),
    "conv2d_transpose": (lambda: tf_slim.conv2d_transpose(
        X4, 1, 1, weights_initializer=ONES, activation_fn=None),
                         X4.sum(axis=3, keepdims=True)),
    "convolution2d": (lambda: tf_slim.convolution2d(
        X4, 2, 1, weights_initializer=ONES, activation_fn=tf1.nn.relu),
                      np.repeat(X4.sum(axis=3, keepdims=True), 2, axis=3)),
    "dropout": (lambda: tf_slim.dropout(X2, 0.5, is_training=False), X2),
    "flatten": (lambda: tf_slim.flatten(X4), X4.reshape(2, 48)),
    "fully_connected": (lambda: tf_slim.fully_connected(
        X2, 3, weights_initializer=ONES, activation_fn=None),
                        np.repeat(ROW_SUMS, 3, axis=1)),
    "group_norm": (lambda: tf_slim.group_norm(X4, groups=1),
                   _normalized(X4, (1, 2, 3), 1e-6)),
    "instance_norm": (lambda: tf_slim.instance_norm(X4),
                      _normalized(X4, (1, 2), 1e-6)),
    "l1_l2_regularizer": (_regularized(
        lambda: tf_slim.l1_l2_regularizer(0.1, 0.2)), L1 + L2),
    "l1_regularizer": (_regularized(lambda: tf_slim.l1_regularizer(0.1)), L1),
    "l2_regularizer": (_regularized(lambda: tf_slim.l2_regularizer(0.2)), L2),
    "layer_norm": (lambda: tf_slim.layer_norm(X2),
                   _normalized(X2, (1,), 1e-12)),
    "linear": (lambda: tf_slim.linear(X2, 2, weights_initializer=ONES),
               np.repeat(ROW_SUMS, 2, axis=1)),
    "max_pool2d": (lambda: tf_slim.max_pool2d(X4, 2), _blocks(X4, np.max)),
    "maxout": (lambda: tf_slim.maxout(X2, 3),
               X2.reshape(2, 3, 2).max(axis=2)),
    "one_hot_encoding": (lambda: tf_slim.one_hot_encoding([0, 2], 3),
                         np.eye(3)[[0, 2]]),
    "relu": (lambda: tf_slim.relu(X2, 2, weights_initializer=ONES),
             np.repeat(np.maximum(ROW_SUMS, 0.0), 2, axis=1)),
    "relu6": (lambda: tf_slim.relu6(X2, 1, weights_initializer=ONES),
              np.clip(ROW_SUMS, 0.0, 6.0)),
    "repeat": (lambda: tf_slim.repeat(
        X2, 2, tf_slim.fully_connected, 6, weights_initializer=ONES,
        activation_fn=None), np.repeat(6.0 * ROW_SUMS, 6, axis=1)),
    "separable_conv2d": (lambda: tf_slim.separable_conv2d(
        X4, 2, 1, 1, weights_initializer=ONES, activation_fn=None),
                         np.repeat(X4.sum(axis=3, keepdims=True), 2, axis=3)),
    "softmax": (lambda: tf_slim.softmax(tf1.constant(X2)), _softmax(X2)),
    "stack": (lambda: tf_slim.stack(
        X2, tf_slim.fully_connected, [4, 3], weights_initializer=ONES,
        activation_fn=None), np.repeat(4.0 * ROW_SUMS, 3, axis=1)),
    "sum_regularizer": (_regularized(lambda: tf_slim.sum_regularizer(
        [tf_slim.l1_regularizer(0.1), tf_slim.l2_regularizer(0.2)])),
                        L1 + L2),
    "summarize_activation": (lambda: tf_slim.summarize_activation(
        tf1.nn.relu(tf1.constant(X2), name="act")), None),
    "unit_norm": (lambda: tf_slim.unit_norm(tf1.constant(X2), 1),
                  X2 / np.sqrt(np.square(X2).sum(axis=1, keepdims=True))),
}

# Initializers: the same seed gives the same values as TensorFlow's own.
_LIMIT_FAN_IN = np.sqrt(3.0 * 2.0 / 6.0)
INITIALIZERS = {
    "variance_scaling_initializer": (
        lambda: tf_slim.variance_scaling_initializer(uniform=True, seed=7),
        lambda: tf1.random_uniform_initializer(-_LIMIT_FAN_IN, _LIMIT_FAN_IN,
                                               seed=7), [6, 4]),
    "xavier_initializer": (
        lambda: tf_slim.xavier_initializer(seed=7),
        lambda: tf1.glorot_uniform_initializer(seed=7), [6, 4]),
    "xavier_initializer_conv2d": (
        lambda: tf_slim.xavier_initializer_conv2d(seed=7),
        lambda: tf1.glorot_uniform_initializer(seed=7), [3, 3, 2, 4]),
}


def test_every_mapped_tf_slim_function_has_a_call_here():
  mapped = set()
  for key, rule in spec.RULES.items():
    if isinstance(rule, spec.Rename) and rule.module == "tf_slim":
      mapped.add(rule.attribute or key)
  mapped.discard("tensorflow.contrib.slim")  # the package, tried below
  assert mapped == set(CALLS) | set(INITIALIZERS) | {"arg_scope",
                                                      "add_arg_scope"}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_mapped_function_gives_numpys_value(sess, name):
  build, expected = CALLS[name]
  result = build()
  sess.run(tf1.global_variables_initializer())
  if name == "summarize_activation":
    # A histogram of the activation, and the fraction of the ReLU's inputs
    # below 0 (4 of 12; the input that is exactly 0 does not count).
    summaries = tf1.get_collection(tf1.GraphKeys.SUMMARIES)
    assert sorted(s.op.name for s in summaries) == ["act/activation",
                                                    "act/zeros"]
    zero_fraction = [s for s in summaries if "zeros" in s.op.name][0]
    summary = tf1.Summary.FromString(sess.run(zero_fraction))
    assert summary.value[0].simple_value == pytest.approx(4.0 / 12.0)
    del result
    return
  np.testing.assert_allclose(sess.run(result), expected, rtol=1e-5,
                             atol=1e-5)


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_mapped_initializer_equals_tensorflows(sess, name):
  slim_initializer, reference, shape = INITIALIZERS[name]
  ours = tf1.get_variable("slim", shape, initializer=slim_initializer())
  theirs = tf1.get_variable("reference", shape, initializer=reference())
  sess.run(tf1.global_variables_initializer())
  np.testing.assert_array_equal(*sess.run([ours, theirs]))


def test_arg_scope_and_add_arg_scope():
  @tf_slim.add_arg_scope
  def layer(inputs, width=1):
    return inputs * width
  with tf_slim.arg_scope([layer], width=5):
    assert layer(2) == 10
  assert layer(2) == 2


def test_dropout_in_training_keeps_or_doubles_each_value(sess):
  out = tf_slim.dropout(X2, 0.5, is_training=tf1.constant(True))
  values = sess.run(out)
  assert np.all((values == 0.0) | np.isclose(values, 2.0 * X2))


@pytest.mark.parametrize("name, call", [
    ("batch_norm", lambda: tf_slim.batch_norm(tf1.constant(X2))),
    ("optimize_loss", lambda: tf_slim.optimize_loss(
        tf1.reduce_sum(tf_slim.fully_connected(X2, 1)),
        tf1.train.get_or_create_global_step(), 0.1, "SGD")),
])
def test_tf_slims_broken_functions_still_fail_and_are_not_sent_there(
    sess, name, call):
  del sess
  with pytest.raises(AttributeError) as caught:
    call()
  assert str(caught.value) == (
      "module 'tensorflow.python.framework.ops' has no attribute 'Tensor'")
  for home in ("tensorflow.contrib.layers", "tensorflow.contrib.slim"):
    rule = spec.RULES[home + "." + name]
    assert not (isinstance(rule, spec.Rename) and rule.module == "tf_slim")
