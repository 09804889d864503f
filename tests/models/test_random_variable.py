"""Tests of RandomVariable: a distribution that is also a tensor."""

import operator

import numpy as np
import pytest
from scipy import stats

from edward_lite._tf import tf, tf1, tfd
from edward_lite.models import Bernoulli, Normal, Poisson, RandomVariable
from edward_lite.models import RANDOM_VARIABLE_COLLECTION

__all__ = []

A = np.array([[1.0, -2.0], [0.5, 3.0]], dtype=np.float32)
B = np.array([[2.0, 0.25], [-1.5, 4.0]], dtype=np.float32)


def _normal_with_value(value):
  return Normal(tf.zeros(np.shape(value)), 1.0, value=value)


def test_dense_layer_takes_a_random_variable(sess):
  z = _normal_with_value(A)
  kernel = np.arange(6, dtype=np.float32).reshape(2, 3)
  hidden = tf1.layers.dense(
      z, 3, kernel_initializer=tf1.constant_initializer(kernel),
      bias_initializer=tf1.constant_initializer(0.5))
  sess.run(tf1.global_variables_initializer())
  np.testing.assert_allclose(sess.run(hidden), A @ kernel + 0.5, rtol=1e-6)


def test_concat_and_convert_to_tensor(sess):
  z = _normal_with_value(A)
  np.testing.assert_array_equal(
      sess.run(tf.concat([z, z], 1)), np.concatenate([A, A], 1))
  assert tf.convert_to_tensor(z) is z.value()


def test_conversion_to_an_incompatible_dtype_raises(sess):
  z = _normal_with_value(A)
  with pytest.raises(ValueError, match=(
      r"^Incompatible type conversion requested to type 'int32' for variable "
      r"of type 'float32'$")):
    tf.convert_to_tensor(z, dtype=tf.int32)


def test_session_fetches_single_and_list(sess):
  z = _normal_with_value(A)
  x = Normal(0.0, 1.0, value=2.5)
  np.testing.assert_array_equal(sess.run(z), A)
  fetched_z, fetched_x = sess.run([z, x])
  np.testing.assert_array_equal(fetched_z, A)
  assert fetched_x == 2.5


def test_session_feeds_a_random_variable(sess):
  z = Normal(tf.zeros([2, 2]), 1.0)
  doubled = 2.0 * z
  fed_z, fed_doubled = sess.run([z, doubled], feed_dict={z: B})
  np.testing.assert_array_equal(fed_z, B)
  np.testing.assert_array_equal(fed_doubled, 2.0 * B)


def test_eval_with_session_and_feed(sess):
  loc = tf1.placeholder(tf.float32, [])
  y = Normal(loc, 0.1, value=loc + 1.0)
  assert y.eval(feed_dict={loc: 3.0}) == 4.0
  assert y.eval(sess, feed_dict={loc: -1.0}) == 0.0
  with pytest.raises(tf.errors.InvalidArgumentError,
                     match="You must feed a value for placeholder tensor"):
    y.eval()


_BINARY_OPERATORS = [
    operator.add, operator.sub, operator.mul, operator.truediv,
    operator.floordiv, operator.mod, operator.matmul, operator.lt,
    operator.le, operator.gt, operator.ge,
]


@pytest.mark.parametrize("binary", _BINARY_OPERATORS,
                         ids=lambda op: op.__name__)
def test_binary_operators_match_numpy(sess, binary):
  x = Normal(tf.zeros([2, 2]), 1.0)
  y = Normal(tf.zeros([2, 2]), 1.0)
  result = sess.run(binary(x, y), feed_dict={x: A, y: B})
  np.testing.assert_allclose(result, binary(A, B), rtol=1e-6)


@pytest.mark.parametrize("binary", _BINARY_OPERATORS + [operator.pow],
                         ids=lambda op: op.__name__)
def test_reflected_operators_with_numpy_on_the_left(sess, binary):
  x = Normal(tf.zeros([2, 2]), 1.0)
  positive = np.abs(A) + 0.5  # A real power of a negative base is NaN.
  # __array_priority__ makes numpy hand the whole array to x's r-operator,
  # so the result is one tensor, not an object array of tensors.
  symbolic = binary(B if binary is not operator.pow else positive, x)
  assert isinstance(symbolic, tf.Tensor)
  expected = binary(B if binary is not operator.pow else positive, A)
  np.testing.assert_allclose(sess.run(symbolic, feed_dict={x: A}), expected,
                             rtol=1e-5)


def test_power_with_random_variable_base(sess):
  x = Normal(tf.zeros([2, 2]), 1.0)
  positive = np.abs(A) + 0.5
  np.testing.assert_allclose(sess.run(x ** B, feed_dict={x: positive}),
                             positive ** B, rtol=1e-5)


@pytest.mark.parametrize("unary, expected", [
    (operator.neg, -A),
    (abs, np.abs(A)),
    (lambda t: t[1], A[1]),
    (lambda t: t[:, 0], A[:, 0]),
    (lambda t: t[0, 1], A[0, 1]),
], ids=["neg", "abs", "row", "column", "element"])
def test_unary_operators_and_indexing(sess, unary, expected):
  x = Normal(tf.zeros([2, 2]), 1.0)
  np.testing.assert_array_equal(sess.run(unary(x), feed_dict={x: A}),
                                expected)


def test_gradient_with_respect_to_a_random_variable(sess):
  x = _normal_with_value(A)
  (gradient,) = tf1.gradients(tf.reduce_sum(x * x), [x])
  np.testing.assert_allclose(sess.run(gradient), 2.0 * A)


@pytest.mark.parametrize("value, loc, scale, expected, got", [
    (2.0, [0.5, 0.5], 1.0, "(2,)", "()"),
    (2.0, [0.5], [1.0], "(1,)", "()"),
    (np.zeros([10, 3]), [0.5, 0.5], [1.0, 1.0], "(2,)", "(10, 3)"),
])
def test_value_of_wrong_shape_raises(sess, value, loc, scale, expected, got):
  message = ("^Incompatible shape for initialization argument 'value'. "
             "Expected {}, got {}.$".format(expected, got))
  with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(
      ")", r"\)")):
    Normal(loc, scale, value=value)


@pytest.mark.parametrize("make, expected, got", [
    (lambda: Normal(0.0, 1.0, value=tf.constant(1, tf.int32)),
     "float32", "int32"),
    (lambda: Bernoulli(probs=0.5, value=0.5), "int32", "float64"),
    (lambda: Normal(0.0, 1.0, value="one"), "float32", "str96"),
])
def test_value_of_wrong_dtype_raises(sess, make, expected, got):
  with pytest.raises(ValueError, match=(
      "^Incompatible dtype for initialization argument 'value'. "
      "Expected {}, got {}.$".format(expected, got))):
    make()


def test_value_is_converted_to_the_random_variable_dtype(sess):
  x = Normal(0.0, 1.0, value=np.float64(2.0))
  count = Poisson(rate=0.5, value=2)
  assert (x.value().dtype, count.value().dtype) == (tf.float32, tf.float32)
  assert sess.run([x, count]) == [2.0, 2.0]


def test_value_of_unknown_shape_is_accepted(sess):
  draw = tf1.placeholder(tf.int32)
  x = Bernoulli(0.5, value=draw)
  assert x.value() is draw
  assert x.shape.ndims is None
  assert str(x) == 'RandomVariable("Bernoulli/", dtype=int32)'


@pytest.mark.parametrize("sample_shape, expected", [
    ((), (3,)),
    (5, (5, 3)),
    ([5], (5, 3)),
    ([2, 4], (2, 4, 3)),
    (tf.TensorShape([2, 4]), (2, 4, 3)),
])
def test_sample_shape_prefixes_batch_shape(sess, sample_shape, expected):
  x = Normal(tf.zeros(3), 1.0, sample_shape=sample_shape)
  assert x.sample_shape == tf.TensorShape(expected[:-1])
  assert tuple(x.shape.as_list()) == expected
  assert x.get_shape() == x.shape
  assert sess.run(x).shape == expected


def test_default_collection_holds_random_variables_in_order(sess):
  x = Normal(0.0, 1.0)
  y = Normal(x, 1.0)
  assert RANDOM_VARIABLE_COLLECTION == "random_variables"
  assert tf1.get_collection("random_variables") == [x, y]


def test_custom_and_empty_collections(sess):
  hidden = Normal(0.0, 1.0, collections=[])
  both = Normal(0.0, 1.0, collections=["priors", "mine"])
  shown = Normal(0.0, 1.0)
  assert tf1.get_collection("random_variables") == [shown]
  assert tf1.get_collection("priors") == [both]
  assert tf1.get_collection("mine") == [both]
  assert hidden.value().graph is sess.graph


def test_call_is_recorded_for_rebuilding(sess):
  x = Normal(0.0, 1.0, sample_shape=3, collections=["mine"])
  y = Normal(loc=1.0, scale=2.0)
  assert x._args == (0.0, 1.0)
  assert x._kwargs == {"name": "Normal/", "sample_shape": 3,
                       "collections": ["mine"]}
  assert y._args == ()
  assert y._kwargs == {"loc": 1.0, "scale": 2.0, "name": "Normal_1/"}
  rebuilt = type(x)(*x._args, **x._kwargs)
  assert rebuilt.shape == x.shape
  assert tf1.get_collection("mine") == [x, rebuilt]


def test_names_follow_name_scopes(sess):
  first = Normal(0.0, 1.0)
  second = Normal(0.0, 1.0)
  with tf1.name_scope("Gen"):
    inner = Normal(0.0, 1.0, name="z")
  assert [first.name, second.name, inner.name] == [
      "Normal/", "Normal_1/", "Gen/z/"]


def test_repr_and_str(sess):
  x = Normal(tf.zeros([2, 3]), 1.0)
  assert repr(x) == "<ed.RandomVariable 'Normal/' shape=(2, 3) dtype=float32>"
  assert str(x) == 'RandomVariable("Normal/", shape=(2, 3), dtype=float32)'


def test_bool_raises(sess):
  x = Normal(0.0, 1.0)
  with pytest.raises(TypeError, match=(
      r"^Using a `ed.RandomVariable` as a Python `bool` is not allowed. Use "
      r"`if t is not None:` instead of `if t:`")):
    bool(x)


def test_iteration_raises(sess):
  x = Normal(tf.zeros(3), 1.0)
  with pytest.raises(TypeError,
                     match=r"^'RandomVariable' object is not iterable.$"):
    iter(x)


def test_equality_and_hash_are_identity(sess):
  x = Normal(0.0, 1.0)
  y = Normal(0.0, 1.0, value=x)
  assert (x == x, x == y, x != y, x != x) == (True, False, True, False)
  assert hash(x) == id(x)
  assert {x: "x", y: "y"}[y] == "y"


def test_tensor_properties(sess):
  x = Normal(0.0, 1.0)
  assert x.graph is sess.graph
  assert x.op is x.value().op
  assert x.dtype == tf.float32


def test_distribution_api_is_forwarded(sess):
  x = Normal(1.0, 2.0, sample_shape=4)
  assert isinstance(x.distribution, tfd.Normal)
  assert x.loc is x.distribution.loc  # through __getattr__
  assert (x.batch_shape, x.event_shape) == (tf.TensorShape([]),) * 2
  assert x.reparameterization_type == tfd.FULLY_REPARAMETERIZED
  assert x.parameters["loc"] == 1.0
  results = sess.run([x.log_prob(0.5), x.prob(0.5), x.cdf(0.5), x.mean(),
                      x.stddev(), x.variance(), x.entropy(),
                      x.sample([3, 2])])
  expected = [stats.norm.logpdf(0.5, 1.0, 2.0), stats.norm.pdf(0.5, 1.0, 2.0),
              stats.norm.cdf(0.5, 1.0, 2.0), 1.0, 2.0, 4.0,
              stats.norm.entropy(1.0, 2.0)]
  np.testing.assert_allclose(results[:-1], expected, rtol=1e-5)
  assert results[-1].shape == (3, 2)


def test_log_prob_of_its_own_value(sess):
  x = Normal(tf.zeros(2), [1.0, 3.0], value=[0.5, -1.0])
  np.testing.assert_allclose(
      sess.run(x.log_prob(x)),
      stats.norm.logpdf([0.5, -1.0], 0.0, [1.0, 3.0]), rtol=1e-6)


def test_private_attributes_are_not_forwarded(sess):
  x = Normal(0.0, 1.0)
  assert x.distribution._parameters is not None
  with pytest.raises(AttributeError,
                     match=r"^'Normal' object has no attribute '_parameters'$"):
    getattr(x, "_parameters")


def test_wraps_a_ready_made_distribution(sess):
  x = RandomVariable(distribution=tfd.StudentT(3.0, 1.0, 2.0), value=0.5)
  assert tf1.get_collection("random_variables") == [x]
  assert x.name == "RandomVariable/"
  np.testing.assert_allclose(sess.run(x.log_prob(x)),
                             stats.t.logpdf(0.5, 3.0, 1.0, 2.0), rtol=1e-5)


def test_requires_a_distribution(sess):
  with pytest.raises(TypeError, match=(
      r"^RandomVariable needs a tfp.distributions.Distribution as its "
      r"`distribution` argument; got 3.0.$")):
    RandomVariable(distribution=3.0)
