"""Graph copies that read other tensors: values against NumPy."""

import numpy as np

from edward_lite._tf import tf, tf1
from edward_lite.inferences import _graph_copy


def test_a_copy_reads_every_replacement_and_shares_the_rest(sess):
  a = tf1.placeholder(tf.float64, [2])
  b = tf1.placeholder(tf.float64, [2])
  shared = tf1.placeholder(tf.float64, [2])
  output = tf.exp(a) * b + shared
  new_a, new_b = tf.constant([0.0, 1.0], tf.float64), tf.constant(
      [2.0, 3.0], tf.float64)
  copy = _graph_copy.reconnect(output, [(a, new_a), (b, new_b)])
  value = sess.run(copy, {shared: [10.0, 20.0]})
  np.testing.assert_allclose(value, np.exp([0.0, 1.0]) * [2.0, 3.0] +
                             [10.0, 20.0])
  # The original still reads a and b.
  np.testing.assert_allclose(
      sess.run(output, {a: [0.0, 0.0], b: [1.0, 1.0], shared: [0.0, 0.0]}),
      [1.0, 1.0])


def test_an_output_that_reads_none_of_them_is_returned_as_is(sess):
  a = tf1.placeholder(tf.float32, [2])
  other = tf.constant([1.0, 2.0]) * 2.0
  assert _graph_copy.reconnect(other, [(a, tf.zeros([2]))]) is other
  assert _graph_copy.copy_plan(other, [a]) == []
  replacement = tf.ones([2])
  assert _graph_copy.reconnect(a, [(a, replacement)]) is replacement


def test_only_the_path_is_copied(sess):
  a = tf1.placeholder(tf.float32, [2])
  constant_part = tf.square(tf.constant([1.0, 2.0]))
  output = tf.sin(a) + constant_part
  plan = _graph_copy.copy_plan(output, [a])
  assert [op.type for op in plan] == ["Sin", "AddV2"]

