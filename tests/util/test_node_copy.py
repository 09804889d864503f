"""ed.copy: copies that read swapped nodes, checked against hand values."""

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.models import Bernoulli, Normal


def test_a_swapped_tensor_is_read_by_the_copy(sess):
  x = tf.constant(2.0)
  y = tf.constant(3.0)
  z = x * y
  z_new = ed.copy(z, {x: tf.constant(4.0)})
  assert sess.run([z, z_new]) == [6.0, 12.0]
  # The copy is named in its scope, after the original.
  assert z_new.name == "copied/" + z.name


def test_the_scope_names_every_copy(sess):
  x = tf.constant(2.0)
  z = tf.exp(x) + 1.0
  z_new = ed.copy(z, scope="new_scope")
  assert z_new.name.startswith("new_scope/")
  assert sess.run(z_new) == pytest.approx(np.exp(2.0) + 1.0)


def test_replace_itself_decides_whether_the_node_itself_is_swapped(sess):
  x = tf.constant(2.0)
  y = tf.constant(3.0)
  assert sess.run(ed.copy(x, {x: y}, replace_itself=False)) == 2.0
  assert ed.copy(x, {x: y}, replace_itself=True) is y


def test_copy_q_copies_the_swap_too(sess):
  tf1.set_random_seed(7)
  x = tf.constant(2.0)
  y = tf1.random_normal([])
  shared = ed.copy(x, {x: y}, replace_itself=True, copy_q=False)
  assert shared is y
  copied = ed.copy(x, {x: y}, replace_itself=True, copy_q=True)
  copied_value, y_value = sess.run([copied, y])
  # A new draw: the copied random op has an op-level seed of its own.
  assert copied_value != y_value


def test_copy_parent_rvs_decides_whether_parents_are_rebuilt(sess):
  x = Normal(0.0, 1.0)
  z = x * tf.constant(3.0)
  ed.copy(z, scope="ops_only", copy_parent_rvs=False)
  assert len(ed.random_variables()) == 1
  z_new = ed.copy(z, scope="rebuilt", copy_parent_rvs=True)
  rvs = ed.random_variables()
  assert len(rvs) == 2
  assert type(rvs[1]) is Normal and rvs[1].name == "rebuilt/Normal/"
  x_new_value, z_new_value = sess.run([rvs[1], z_new])
  assert z_new_value == pytest.approx(3.0 * x_new_value)


def test_placeholders_and_variables_are_read_not_copied(sess):
  ph = tf1.placeholder(tf.float32, name="custom_placeholder")
  v = tf1.Variable(2.0, name="custom_variable")
  z = ph * v
  z_new = ed.copy(z)
  sess.run(v.initializer)
  assert sess.run(z_new, {ph: 4.0}) == 8.0
  assert ed.copy(v) is v
  names = [op.name for op in sess.graph.get_operations()]
  assert not any(name.startswith("copied/custom_") for name in names)


def test_a_swapped_variable_is_swapped_in_every_read(sess):
  v = tf1.Variable(2.0, name="custom_variable")
  z = v * tf.constant(3.0) + v.read_value()
  z_new = ed.copy(z, {v: tf.constant(4.0)})
  sess.run(v.initializer)
  assert sess.run([z, z_new]) == [8.0, 16.0]


def test_a_tensor_can_be_swapped_for_a_variable(sess):
  x = tf.constant(2.0)
  qx = tf1.Variable(4.0)
  z_new = ed.copy(x * 3.0, {x: qx})
  sess.run(qx.initializer)
  assert sess.run(z_new) == 12.0


@pytest.mark.parametrize("key_kind, value_kind", [
    ("rv", "rv"), ("rv", "tensor"), ("tensor", "rv")])
def test_random_variables_and_their_values_swap_alike(sess, key_kind,
                                                      value_kind):
  x = Normal(0.0, 0.1)
  qx = Normal(10.0, 0.1)
  z = x * tf.constant(1.0)
  key = x if key_kind == "rv" else x.value()
  value = qx if value_kind == "rv" else qx.value()
  z_new = ed.copy(z, {key: value})
  z_new_value, qx_value = sess.run([z_new, qx])
  # The copy reads qx's own draw.
  assert z_new_value == qx_value


def test_a_copied_random_op_draws_anew_and_repeatably(sess):
  ed.set_seed(3742)
  x = tf1.random_normal([1000])
  x_copy = ed.copy(x)
  first = sess.run([x, x_copy])
  assert not np.allclose(first[0], first[1])
  # Independent standard normal draws: their correlation is near 0 (its
  # standard deviation is 1/sqrt(1000) ~ 0.03).
  assert abs(np.corrcoef(first[0], first[1])[0, 1]) < 0.15


def test_copies_in_one_scope_are_reused_in_dependency_order(sess):
  ed.set_seed(12432)
  x = Bernoulli(logits=0.0, sample_shape=100)
  y = tf.cast(x, tf.float32)
  y_new = ed.copy(y)
  x_new = ed.copy(x)
  x_value, y_value = sess.run([x_new, y_new])
  np.testing.assert_array_equal(x_value.astype(np.float32), y_value)


def test_a_child_random_variable_reads_its_parents_copy(sess):
  ed.set_seed(21782)
  x = Normal(loc=0.0, scale=10.0)
  y = Normal(loc=tf.abs(x), scale=1e-8)
  y_new = ed.copy(y)
  x_new = ed.copy(x)
  x_value, y_value = sess.run([x_new, y_new])
  assert abs(x_value) == pytest.approx(y_value, abs=1e-5)


def test_a_copy_of_a_hierarchy_reads_the_swapped_global(sess):
  beta = Normal(0.0, 1.0)
  z = Normal(loc=beta * tf.ones(5), scale=1e-6)
  z_new = ed.copy(z, {beta: tf.constant(7.0)})
  np.testing.assert_allclose(sess.run(z_new), np.full(5, 7.0), atol=1e-4)


def test_a_deep_chain_is_copied_without_recursion(sess):
  # Edward recursed once per op and failed past Python's recursion limit.
  x = tf.constant(0.0)
  value = x
  for _ in range(1500):
    value = value + 1.0
  value_new = ed.copy(value, {x: tf.constant(5.0)})
  assert sess.run(value_new) == 1505.0


def test_a_while_loop_op_is_copied_whole(sess):
  values = tf.constant([2.0, 3.0, 1.0])
  cumulative = tf1.scan(lambda a, x: a + x, values)
  copied = ed.copy(cumulative, {values: tf.constant([1.0, 1.0, 1.0])})
  np.testing.assert_allclose(sess.run(cumulative), [2.0, 5.0, 6.0])
  np.testing.assert_allclose(sess.run(copied), [1.0, 2.0, 3.0])


def test_bad_arguments_are_named():
  with pytest.raises(TypeError, match=r"^Could not copy instance: 3$"):
    ed.copy(3)
  x = tf.constant(1.0)
  with pytest.raises(TypeError, match=r"^dict_swap must have type dict"):
    ed.copy(x, [x])
  with pytest.raises(TypeError, match=r"^dict_swap: a key must be"):
    ed.copy(x, {"x": x})
  with pytest.raises(TypeError, match=r"^scope must be a str"):
    ed.copy(x, scope=3)
  with pytest.raises(ValueError, match=r"^scope must not be empty"):
    ed.copy(x, scope="")
