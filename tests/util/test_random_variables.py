"""Tests for edward_lite.util.random_variables: argument checks, graph walks."""

import importlib
import re

import numpy as np
import pytest

from edward_lite._tf import tf, tf1
from edward_lite.models import Bernoulli, Normal

# `edward_lite.util.random_variables` the attribute is Edward's function;
# the module of the same name is reached through the import system.
rv_util = importlib.import_module("edward_lite.util.random_variables")

FEED_HELP = ("Acceptable feed values include Python scalars, strings, "
             "lists, numpy ndarrays, or TensorHandles.")
RESOURCE_VARIABLE_TYPE = (
    "<class 'tensorflow.python.ops.resource_variable_ops.ResourceVariable'>")


def _raises_type_error(message):
  return pytest.raises(TypeError, match="^" + re.escape(message) + "$")


# check_data


def test_check_data_rejects_a_non_dict(graph):
  x = Normal(0.0, 1.0)
  with _raises_type_error("data must have type dict."):
    rv_util.check_data([(x, 0.0)])


@pytest.mark.parametrize("make_value, message", [
    (lambda: Normal(0.0, 1.0),
     "The value of a feed cannot be a ed.RandomVariable object. " + FEED_HELP),
    (lambda: tf.constant(0.0),
     "The value of a feed cannot be a tf.Tensor object. " + FEED_HELP),
], ids=["random_variable", "tensor"])
def test_check_data_rejects_graph_values_for_a_placeholder(
    graph, make_value, message):
  x_ph = tf1.placeholder(tf.float32, [])
  with _raises_type_error(message):
    rv_util.check_data({x_ph: make_value()})


@pytest.mark.parametrize("make_key, make_value, message", [
    (lambda: Normal(0.0, 1.0), lambda: tf.zeros(5),
     "Key-value pair in data does not have same shape: (), (5,)"),
    (lambda: Normal(0.0, 1.0), lambda: Normal([0.0], [1.0]),
     "Key-value pair in data does not have same shape: (), (1,)"),
    (lambda: tf.zeros([2, 3]), lambda: tf.zeros([3, 2]),
     "Key-value pair in data does not have same shape: (2, 3), (3, 2)"),
    (lambda: Normal(0.0, 1.0), lambda: tf.constant(0.0, tf.float64),
     "Key-value pair in data does not have same dtype: "
     "<dtype: 'float32'>, <dtype: 'float64'>"),
    (lambda: Bernoulli(0.5), lambda: Normal(0.0, 1.0),
     "Key-value pair in data does not have same dtype: "
     "<dtype: 'int32'>, <dtype: 'float32'>"),
], ids=["rv_tensor_shape", "rv_rv_shape", "tensor_tensor_shape",
        "rv_tensor_dtype", "rv_rv_dtype"])
def test_check_data_rejects_graph_values_that_do_not_match(
    graph, make_key, make_value, message):
  with _raises_type_error(message):
    rv_util.check_data({make_key(): make_value()})


@pytest.mark.parametrize("value, message", [
    (np.zeros(5), "Key-value pair in data does not have same shape: (), (5,)"),
    ([0.0, 1.0], "Key-value pair in data does not have same shape: (), (2,)"),
    (np.array(True), "Data value has an invalid dtype: bool"),
    (np.array(1.0 + 2.0j), "Data value has an invalid dtype: complex128"),
    (np.complex64(1.0), "Data value has an invalid dtype: complex64"),
    (None, "Data value has an invalid type: <class 'NoneType'>"),
    ({"x": 0.0}, "Data value has an invalid type: <class 'dict'>"),
    ((0.0,), "Data value has an invalid type: <class 'tuple'>"),
    (1.0 + 2.0j, "Data value has an invalid type: <class 'complex'>"),
], ids=["ndarray_shape", "list_shape", "bool_array", "complex_array",
        "complex_scalar", "none", "dict", "tuple", "python_complex"])
def test_check_data_rejects_python_values_for_a_random_variable(
    graph, value, message):
  x = Normal(0.0, 1.0)
  with _raises_type_error(message):
    rv_util.check_data({x: value})


def test_check_data_rejects_a_variable_value(graph):
  x = Normal(0.0, 1.0)
  variable = tf1.Variable(0.0)
  with _raises_type_error(
      "Data value has an invalid type: " + RESOURCE_VARIABLE_TYPE):
    rv_util.check_data({x: variable})


@pytest.mark.parametrize("make_key, message", [
    (lambda: "x", "Data key has an invalid type: <class 'str'>"),
    (lambda: 0.0, "Data key has an invalid type: <class 'float'>"),
    (lambda: tf1.Variable(0.0),
     "Data key has an invalid type: " + RESOURCE_VARIABLE_TYPE),
], ids=["string", "float", "variable"])
def test_check_data_rejects_invalid_keys(graph, make_key, message):
  with _raises_type_error(message):
    rv_util.check_data({make_key(): 0.0})


@pytest.mark.parametrize("make_data", [
    lambda: {tf1.placeholder(tf.float32, [None, 2]): np.zeros((3, 2))},
    lambda: {tf1.placeholder_with_default(0.0, []): 1.0},
    lambda: {tf.zeros([2]): tf.ones([2])},
    lambda: {tf.zeros([2]): [1.0, 2.0]},
    lambda: {tf.zeros([2], tf.int32): [1, 2]},
    lambda: {Normal(tf.zeros(3), 1.0): np.zeros(3, np.float32)},
    lambda: {Normal(tf.zeros(3), 1.0): np.arange(3)},
    lambda: {Normal(0.0, 1.0, sample_shape=2): np.zeros((2,), np.uint8)},
    lambda: {Normal(0.0, 1.0): np.float64(0.0)},
    lambda: {Normal(0.0, 1.0): 0},
    lambda: {Normal(0.0, 1.0): False},
    lambda: {Normal(0.0, 1.0): "0"},
    lambda: {Normal([0.0], [1.0]): ["0"]},
    lambda: {Normal(0.0, 1.0): tf1.placeholder(tf.float32, [])},
    lambda: {Normal(0.0, 1.0): Normal(0.0, 1.0)},
    lambda: {Normal(0.0, 1.0) * 2.0: tf.constant(0.0)},
    lambda: {Normal(tf.zeros(2), 1.0): tf1.placeholder(tf.float32, [None])},
    lambda: {},
], ids=["placeholder_ndarray", "placeholder_with_default_float",
        "tensor_tensor", "tensor_list", "int_tensor_list", "rv_ndarray",
        "rv_int_ndarray", "rv_uint8_ndarray", "rv_numpy_scalar", "rv_int",
        "rv_bool", "rv_string", "rv_string_list", "rv_placeholder", "rv_rv",
        "rv_expression_tensor", "rv_unknown_dim_placeholder", "empty"])
def test_check_data_accepts_valid_data(graph, make_data):
  assert rv_util.check_data(make_data()) is None


# check_latent_vars


def test_check_latent_vars_rejects_a_non_dict(graph):
  with _raises_type_error("latent_vars must have type dict."):
    rv_util.check_latent_vars([(Normal(0.0, 1.0), Normal(0.0, 1.0))])


@pytest.mark.parametrize("make_key, make_value, message", [
    (lambda: "mu", lambda: Normal(0.0, 1.0),
     "Latent variable key has an invalid type: <class 'str'>"),
    (lambda: tf1.Variable(0.0), lambda: Normal(0.0, 1.0),
     "Latent variable key has an invalid type: " + RESOURCE_VARIABLE_TYPE),
    (lambda: Normal(0.0, 1.0), lambda: "5",
     "Latent variable value has an invalid type: <class 'str'>"),
    (lambda: Normal(0.0, 1.0), lambda: np.zeros([]),
     "Latent variable value has an invalid type: <class 'numpy.ndarray'>"),
    (lambda: Normal(0.0, 1.0), lambda: Normal([0.0], [1.0]),
     "Key-value pair in latent_vars does not have same shape: (), (1,)"),
    (lambda: tf.zeros([2, 3]), lambda: tf.zeros([3]),
     "Key-value pair in latent_vars does not have same shape: (2, 3), (3,)"),
    (lambda: Normal(0.0, 1.0), lambda: Normal(np.float64(0.0), 1.0),
     "Key-value pair in latent_vars does not have same dtype: "
     "<dtype: 'float32'>, <dtype: 'float64'>"),
], ids=["string_key", "variable_key", "string_value", "ndarray_value",
        "shape", "tensor_shape", "dtype"])
def test_check_latent_vars_rejects_invalid_pairs(graph, make_key, make_value,
                                                 message):
  with _raises_type_error(message):
    rv_util.check_latent_vars({make_key(): make_value()})


def test_check_latent_vars_accepts_valid_pairs(graph):
  mu = Normal(0.0, 1.0)
  sigma = Normal(tf.zeros(3), 1.0)
  qmu = Normal(tf1.Variable(0.0), tf.constant(1.0))
  qsigma = Normal(tf1.placeholder(tf.float32, [None]), 1.0)
  latent_vars = {mu: qmu, sigma: qsigma, tf.constant(0.0): qmu,
                 Normal(0.0, 1.0): tf.constant(0.0)}
  assert rv_util.check_latent_vars(latent_vars) is None
  assert rv_util.check_latent_vars({}) is None


# is_placeholder


def test_is_placeholder(graph):
  assert rv_util.is_placeholder(tf1.placeholder(tf.float32, []))
  assert rv_util.is_placeholder(tf1.placeholder_with_default(0.0, []))
  assert not rv_util.is_placeholder(tf.constant(0.0))
  assert not rv_util.is_placeholder(Normal(0.0, 1.0))
  assert not rv_util.is_placeholder(np.zeros(2))


# Graph walks over random variables.


@pytest.fixture
def edward_example(graph):
  """Edward's docstring example: a -> b -> d <- c."""
  a = Normal(0.0, 1.0)
  b = Normal(a, 1.0)
  c = Normal(0.0, 1.0)
  d = Normal(b * c, 1.0)
  return a, b, c, d


@pytest.mark.parametrize("walk, node, expected", [
    ("get_ancestors", "d", "abc"),
    ("get_ancestors", "b", "a"),
    ("get_ancestors", "a", ""),
    ("get_parents", "d", "bc"),
    ("get_parents", "b", "a"),
    ("get_parents", "c", ""),
    ("get_children", "a", "b"),
    ("get_children", "b", "d"),
    ("get_children", "d", ""),
    ("get_descendants", "a", "bd"),
    ("get_descendants", "c", "d"),
    ("get_descendants", "d", ""),
    # b and c are co-parents of d, not siblings: they share no parent.
    ("get_siblings", "b", ""),
    ("get_siblings", "c", ""),
    ("get_siblings", "a", ""),
    ("get_blanket", "b", "acd"),
    ("get_blanket", "a", "b"),
    ("get_blanket", "d", "bc"),
])
def test_graph_walks_on_edwards_example(edward_example, walk, node, expected):
  by_name = dict(zip("abcd", edward_example))
  found = getattr(rv_util, walk)(by_name[node])
  assert len(found) == len(set(found))
  assert set(found) == {by_name[name] for name in expected}


@pytest.mark.parametrize("walk, expected", [
    ("get_ancestors", "a"),
    ("get_parents", "a"),
    ("get_children", "d"),
    ("get_descendants", "d"),
    ("get_siblings", "d"),
])
def test_graph_walks_from_a_plain_tensor(graph, walk, expected):
  """a -> c = a + b -> d, with b a constant: Edward's `test_tensor`."""
  a = Normal(0.0, 1.0)
  b = tf.constant(2.0)
  c = a + b
  d = Normal(c, 1.0)
  by_name = {"a": a, "d": d}
  assert set(getattr(rv_util, walk)(c)) == {by_name[name] for name in expected}


def test_graph_walks_from_a_constant(graph):
  a = Normal(0.0, 1.0)
  b = tf.constant(2.0)
  d = Normal(a + b, 1.0)
  assert rv_util.get_ancestors(b) == []
  assert rv_util.get_parents(b) == []
  assert rv_util.get_children(b) == [d]
  assert rv_util.get_descendants(b) == [d]
  # d's other parent, a, is in the constant's blanket as a co-parent.
  assert set(rv_util.get_blanket(b)) == {a, d}


@pytest.mark.parametrize("walk, node, expected", [
    ("get_ancestors", "e", "ab"),
    ("get_parents", "d", "ab"),
    ("get_children", "b", "e"),
    ("get_descendants", "a", "e"),
    ("get_siblings", "d", "e"),
])
def test_graph_walks_through_control_flow(graph, walk, node, expected):
  """Edward's `test_control_flow`: d = cond(a, b, c), e = Normal(d, 1)."""
  a = Bernoulli(0.5)
  b = Normal(0.0, 1.0)
  c = tf.constant(0.0)
  d = tf1.cond(tf.cast(a, tf.bool), lambda: b.value(), lambda: c)
  e = Normal(d, 1.0)
  by_name = {"a": a, "b": b, "d": d, "e": e}
  found = getattr(rv_util, walk)(by_name[node])
  assert set(found) == {by_name[name] for name in expected}


def test_graph_walks_through_scan(graph):
  def cumsum(x):
    return tf.scan(lambda total, value: total + value, x)

  a = Normal(tf.ones([3]), tf.ones([3]))
  b = Normal(cumsum(a), tf.ones([3]))
  c = Normal(cumsum(b), tf.ones([3]))
  assert rv_util.get_parents(c) == [b]
  assert set(rv_util.get_ancestors(c)) == {a, b}
  assert rv_util.get_children(a) == [b]
  assert set(rv_util.get_descendants(a)) == {b, c}


@pytest.mark.parametrize("node, expected", [
    ("a", ""), ("b", "d"), ("c", ""), ("d", "b"), ("e", ""),
])
def test_get_siblings_shares_a_parent(graph, node, expected):
  """Edward's a-structure: e <- d <- a -> b -> c."""
  a = Normal(0.0, 1.0)
  b = Normal(a, 1.0)
  c = Normal(b, 1.0)
  d = Normal(a, 1.0)
  e = Normal(d, 1.0)
  by_name = dict(zip("abcde", (a, b, c, d, e)))
  assert rv_util.get_siblings(by_name[node]) == [
      by_name[name] for name in expected]


def test_graph_walks_only_report_the_given_collection(edward_example):
  a, b, c, d = edward_example
  assert set(rv_util.get_ancestors(d, collection=[a, c])) == {a, c}
  # b is left out, so the walk goes through it and reaches a as a parent.
  assert set(rv_util.get_parents(d, collection=[a, c])) == {a, c}
  assert rv_util.get_children(a, collection=[d]) == [d]
  assert rv_util.get_descendants(a, collection=[c, d]) == [d]


def test_random_variables_outside_the_collection_are_not_found(graph):
  a = Normal(0.0, 1.0)
  hidden = Normal(a, 1.0, collections=[])
  d = Normal(hidden, 1.0)
  assert rv_util.get_parents(d) == [a]
  assert rv_util.get_children(a) == [d]
  assert rv_util.get_children(hidden) == [d]


def test_random_variable_methods_use_the_walks(edward_example):
  a, b, c, d = edward_example
  assert set(d.get_ancestors()) == {a, b, c}
  assert set(d.get_parents()) == {b, c}
  assert b.get_children() == [d]
  assert set(a.get_descendants()) == {b, d}
  assert b.get_siblings() == []
  assert set(b.get_blanket()) == {a, c, d}


# get_variables


def _names(variables):
  return sorted(variable.name for variable in variables)


def test_get_variables_finds_the_variables_behind_a_random_variable(graph):
  a = tf1.Variable(0.0, name="a")
  b = tf1.Variable(1.0, name="b")
  unused = tf1.Variable(2.0, name="unused")
  c = Normal(a * b, 1.0)
  found = rv_util.get_variables(c)
  assert _names(found) == ["a:0", "b:0"]
  assert len(found) == 2
  assert all(any(variable is known for known in (a, b)) for variable in found)
  assert _names(rv_util.get_variables(unused)) == []
  assert _names(c.get_variables()) == ["a:0", "b:0"]


def test_get_variables_only_reports_the_given_collection(graph):
  a = tf1.Variable(0.0, name="a")
  b = tf1.Variable(1.0, name="b")
  local = tf1.Variable(3.0, name="local", collections=["custom"])
  c = Normal(a * b + local, 1.0)
  assert _names(rv_util.get_variables(c)) == ["a:0", "b:0"]
  assert _names(rv_util.get_variables(
      c, collection=tf1.get_collection("custom"))) == ["local:0"]
  assert _names(rv_util.get_variables(c, collection=[b])) == ["b:0"]


def test_get_variables_on_a_plain_tensor(graph):
  a = tf1.Variable(0.0, name="a")
  b = tf.constant(2.0)
  c = a + b
  d = tf1.Variable(c, name="d")
  assert _names(rv_util.get_variables(c)) == ["a:0"]
  assert _names(rv_util.get_variables(b)) == []
  # A variable's initial value is not an input of the variable itself.
  assert _names(rv_util.get_variables(d)) == []
  assert _names(rv_util.get_variables(Normal(d, 1.0))) == ["d:0"]


def test_get_variables_through_scan(graph):
  b = tf1.Variable(0.0, name="b")
  total = tf.scan(lambda acc, x: acc + b + x, tf.constant([2.0, 3.0, 1.0]))
  assert _names(rv_util.get_variables(total)) == ["b:0"]
