"""ed.dot against np.dot, and its checks."""

import numpy as np
import pytest

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.models import Normal

MATRIX = np.arange(12, dtype=np.float32).reshape(3, 4) - 5.0
VECTOR_4 = np.array([0.5, -1.0, 2.0, 3.0], np.float32)
VECTOR_3 = np.array([1.0, -2.0, 0.25], np.float32)


def test_matrix_times_vector_is_numpys(sess):
  product = ed.dot(tf.constant(MATRIX), tf.constant(VECTOR_4))
  assert product.shape.as_list() == [3]
  np.testing.assert_allclose(sess.run(product), np.dot(MATRIX, VECTOR_4),
                             rtol=1e-6)


def test_vector_times_matrix_is_numpys(sess):
  product = ed.dot(tf.constant(VECTOR_3), tf.constant(MATRIX))
  assert product.shape.as_list() == [4]
  np.testing.assert_allclose(sess.run(product), np.dot(VECTOR_3, MATRIX),
                             rtol=1e-6)


def test_a_random_variable_is_used_by_its_value(sess):
  w = Normal(loc=tf.zeros(4), scale=tf.ones(4))
  product = ed.dot(tf.constant(MATRIX), w)
  w_value, product_value = sess.run([w.value(), product])
  np.testing.assert_allclose(product_value, np.dot(MATRIX, w_value),
                             rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("bad", [np.inf, np.nan])
def test_a_non_finite_input_fails_when_run(sess, bad):
  vector = tf1.placeholder(tf.float32, [4])
  product = ed.dot(tf.constant(MATRIX), vector)
  with pytest.raises(tf.errors.InvalidArgumentError):
    sess.run(product, {vector: [0.0, bad, 0.0, 0.0]})
  # Finite input runs.
  assert sess.run(product, {vector: np.zeros(4)}).tolist() == [0.0] * 3


@pytest.mark.parametrize("x_shape, y_shape", [([4], [4]), ([3, 4], [4, 2]),
                                              ([2, 3, 4], [4])])
def test_ranks_other_than_a_matrix_and_a_vector_are_refused(sess, x_shape,
                                                            y_shape):
  with pytest.raises(ValueError, match=r"dot takes a matrix and a vector .* "
                     r"x of rank {}".format(len(x_shape))):
    ed.dot(tf.zeros(x_shape), tf.zeros(y_shape))
