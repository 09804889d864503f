"""The one graph-op copier: values against NumPy, one refusal of TF1 loops."""

import contextlib

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.util import graph_copy
from edward_lite.util.graph_walk import upstream_ops


def test_a_copy_reads_every_replacement_and_shares_the_rest(sess):
  a = tf1.placeholder(tf.float64, [2])
  b = tf1.placeholder(tf.float64, [2])
  shared = tf1.placeholder(tf.float64, [2])
  output = tf.exp(a) * b + shared
  new_a, new_b = tf.constant([0.0, 1.0], tf.float64), tf.constant(
      [2.0, 3.0], tf.float64)
  copy = graph_copy.reconnect(output, [(a, new_a), (b, new_b)], "test")
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
  assert graph_copy.reconnect(other, [(a, tf.zeros([2]))], "test") is other
  assert graph_copy.ops_to_copy(other, [a]) == []
  replacement = tf.ones([2])
  assert graph_copy.reconnect(a, [(a, replacement)], "test") is replacement


def test_only_the_path_is_copied(sess):
  a = tf1.placeholder(tf.float32, [2])
  constant_part = tf.square(tf.constant([1.0, 2.0]))
  output = tf.sin(a) + constant_part
  plan = graph_copy.ops_to_copy(output, [a])
  assert [op.type for op in plan] == ["Sin", "AddV2"]
  copy = graph_copy.reconnect(output, [(a, tf.zeros([2]))], "test")
  assert copy.op.inputs[1] is constant_part
  np.testing.assert_allclose(sess.run(copy), [1.0, 4.0])


def test_an_op_waiting_for_a_replaced_tensor_is_copied_to_wait_for_its_copy(
    sess):
  a = tf1.placeholder(tf.float32, [])
  with tf.control_dependencies([tf1.assert_positive(a)]):
    output = tf.constant(3.0) * 2.0
  # The product reads no replaced tensor, only waits for one.
  assert output.op in graph_copy.ops_to_copy(output, [a])
  copy = graph_copy.reconnect(output, [(a, tf.constant(-1.0))], "test")
  assert sess.run(output, {a: 1.0}) == 6.0
  # The copy waits for the assertion on the replacement, which fails.
  with pytest.raises(tf.errors.InvalidArgumentError):
    sess.run(copy)


def _random_op(tensor):
  ops = upstream_ops(tensor)
  random, = [op for op in ops if op.type == "RandomStandardNormal"]
  return random


def test_one_copier_copies_each_op_once_and_offsets_seeds(sess):
  a = tf1.placeholder(tf.float32, [3])
  noise = tf1.random_normal([3], seed=1)
  output = a + noise
  copier = graph_copy.GraphCopier([(a, tf.zeros([3]))], "test",
                                  seed_offset=5)
  first, second = copier(output), copier(output)
  assert first is second
  # Its noise reads no replaced tensor: shared, not drawn again.
  assert first.op.inputs[1] is noise
  # A draw whose shape is read from a replaced tensor is copied, with
  # another op-level seed.
  sized = tf1.placeholder(tf.float32, [None])
  copier = graph_copy.GraphCopier([(sized, tf.zeros([3]))], "test",
                                  seed_offset=5)
  shaped = tf1.random_normal(tf.shape(sized), seed=2)
  seed2 = _random_op(shaped).get_attr("seed2")
  assert _random_op(copier(shaped)).get_attr("seed2") == seed2 + 5
  unchanged = graph_copy.reconnect(shaped, [(sized, tf.zeros([3]))], "test")
  assert _random_op(unchanged).get_attr("seed2") == seed2


def test_indexed_slices_and_none_are_copied_through(sess):
  a = tf1.placeholder(tf.float32, [4, 2])
  slices = tf.IndexedSlices(a * 2.0, tf.constant([0, 2]), tf.constant([4, 2]))
  copier = graph_copy.GraphCopier([(a, tf.ones([4, 2]))], "test")
  copied = copier(slices)
  assert isinstance(copied, tf.IndexedSlices)
  assert copied.indices is slices.indices
  np.testing.assert_allclose(sess.run(copied.values), 2.0 * np.ones((4, 2)))
  assert copier(None) is None


def test_a_copy_is_not_colocated_with_the_originals_variables(sess):
  weight = tf1.get_variable("w", initializer=2.0)
  a = tf1.placeholder(tf.float32, [])
  with tf1.colocate_with(weight):
    output = a * weight
  assert output.op.node_def.attr["_class"].list.s
  copy = graph_copy.reconnect(output, [(a, tf.constant(3.0))], "test")
  assert "_class" not in copy.op.node_def.attr
  sess.run(tf1.global_variables_initializer())
  assert sess.run(copy) == 6.0


@contextlib.contextmanager
def tf1_control_flow():
  """TF1's while_loop and cond, which this package's graphs do not use."""
  tf1.disable_control_flow_v2()
  try:
    yield
  finally:
    tf1.enable_control_flow_v2()


def tf1_cond_of(a):
  with tf1_control_flow():
    return tf1.cond(a > 0.0, lambda: a * 2.0, lambda: a * 3.0)


TF1_LOOP = ("{}: cannot copy {}: it is inside a TF1 control flow construct "
            "(while_loop or cond), whose ops cannot be copied one by one; "
            "TensorFlow 2's control flow (the default) is copied whole.")


def test_every_copier_refuses_tf1_control_flow_with_one_valueerror(sess):
  a = tf1.placeholder(tf.float32, [])
  output = tf1_cond_of(a) + 1.0
  plan = graph_copy.ops_to_copy(output, [a])
  inside = next(op for op in plan
                if op._get_control_flow_context() is not None)  # pylint: disable=protected-access
  message = TF1_LOOP.format("reconstruction_weight", inside.name)
  with pytest.raises(ValueError) as caught:
    graph_copy.check_copyable("reconstruction_weight", ("output", output),
                              ("input", a))
  assert str(caught.value) == message
  with pytest.raises(ValueError) as caught:
    graph_copy.reconnect(output, [(a, tf.constant(1.0))],
                         "reconstruction_weight")
  assert str(caught.value) == message
  # ed.copy, Edward's own copier, says the same of the first op it meets.
  with pytest.raises(ValueError, match=r"^org_instance: cannot copy .* it is "
                     r"inside a TF1 control flow construct"):
    ed.copy(output, {a: tf.constant(1.0)})
