"""`RandomVariable`: a TFP distribution paired with a tensor drawn from it.

Edward 1 made each random variable class inherit both from its own base
class and from a `tf.contrib.distributions` class. TFP 0.25 distributions
are `AutoCompositeTensor`s whose constructors are introspected, so that
mixing no longer works; here the random variable holds its distribution
and forwards to it (edward2's design), while keeping Edward 1's surface:
the constructor arguments, the `sample_shape + batch_shape + event_shape`
value, graph collections, tensor conversion and operator overloading.
"""

import functools

import numpy as np

from edward_lite._tf import (
    register_session_run_conversion_functions, tf, tf1, tfd)
from edward_lite.util.random_variables import (
    get_ancestors, get_blanket, get_children, get_descendants, get_parents,
    get_siblings, get_variables)
from edward_lite.util.graphs import (
    RANDOM_VARIABLE_COLLECTION, register_random_variable_class)

__all__ = ["RandomVariable", "RANDOM_VARIABLE_COLLECTION"]

_BOOL_MESSAGE = (
    "Using a `ed.RandomVariable` as a Python `bool` is not allowed. "
    "Use `if t is not None:` instead of `if t:` to test if a random variable "
    "is defined, and use TensorFlow ops such as tf.cond to execute subgraphs "
    "conditioned on a draw from a random variable.")

# The distribution methods and properties that get an explicit forwarder
# (so they show up in `dir()` and `help()`); anything else public is still
# reached through `__getattr__`.
_FORWARDED_METHODS = (
    "batch_shape_tensor", "cdf", "covariance", "entropy", "event_shape_tensor",
    "kl_divergence", "log_cdf", "log_prob", "log_survival_function", "mean",
    "mode", "prob", "quantile", "sample", "stddev", "survival_function",
    "variance")
_FORWARDED_PROPERTIES = (
    "allow_nan_stats", "batch_shape", "dtype", "event_shape", "parameters",
    "reparameterization_type", "validate_args")

# `==` and `!=` stay identity comparisons (random variables are dict keys,
# as in Edward), so they are not delegated to the value tensor.
_IDENTITY_OPERATORS = frozenset(["__eq__", "__ne__"])


class RandomVariable(object):
  """A random variable: a distribution and a tensor drawn from it.

  A random variable is parameterized by tensors and offers the methods of
  its distribution (`log_prob`, `mean`, `sample`, ...). It is also a
  tensor: its value, a draw of shape `sample_shape + batch_shape +
  event_shape`, or the `value` given at construction. TensorFlow ops,
  Python operators and `tf.Session.run` all accept a random variable and
  use that value, so random variables mix freely with other graph code.

  `sample_shape` is the shape of the draws (default: one draw, `()`);
  `batch_shape` is the shape of independent random variables set by the
  parameters; `event_shape` is the shape of one draw of one of them
  (`()` for `Normal`, `(K,)` for a `K`-dimensional `Dirichlet`).

  The concrete classes (`Normal`, `Bernoulli`, ...) live in
  `edward_lite.models.random_variables`; `RandomVariable` itself wraps any
  ready-made TFP distribution passed as `distribution`.

  #### Notes

  Each random variable is added to the default graph's collections named
  in `collections`, by default `"random_variables"`
  (`RANDOM_VARIABLE_COLLECTION`); inference and the graph helpers in
  `edward_lite.util` find random variables there.

  Equality and hashing are by identity, as in Edward: `x == y` is a
  Python bool, not an elementwise comparison. Use `tf.equal` for that.

  Attributes the random variable does not define itself are looked up on
  the wrapped distribution (`x.loc`, `x.probs`, ...).

  #### Examples

  ```python
  mu = Normal(loc=0.0, scale=1.0)
  x = Normal(loc=mu, scale=1.0, sample_shape=50)
  h = tf.layers.dense(x[:, None], 3)  # x is used as a tensor

  y = RandomVariable(distribution=tfd.StudentT(3.0, 0.0, 1.0))
  ```
  """

  # Edward's `x.support` (used by conjugacy) is set on the concrete classes.
  __array_priority__ = 100  # numpy defers `array + x` to `x.__radd__`.

  def __init__(self, *args, **kwargs):
    """Creates a random variable.

    Args:
      *args: The distribution's positional arguments. On `RandomVariable`
        itself, the one positional argument may be `distribution`.
      **kwargs: The distribution's keyword arguments, and:
        distribution: tfd.Distribution. Only on `RandomVariable` itself:
          the distribution to wrap.
        sample_shape: tf.TensorShape, int or list of int. Shape of the
          draws that form the value. Defaults to `()`.
        value: tf.Tensor or array-like. Fixed value of the random
          variable, used instead of a draw. Must have shape
          `sample_shape + batch_shape + event_shape` and a dtype
          convertible to the random variable's.
        collections: list of str. Names of the default graph's
          collections to add the random variable to. Defaults to
          `["random_variables"]`.
        name: str. Name scope of the random variable; defaults to the
          class name.

    Raises:
      ValueError: if `value` has an incompatible shape or dtype.
      TypeError: if `RandomVariable` is not given a TFP distribution.
    """
    name = kwargs.get("name") or type(self).__name__
    with tf1.name_scope(name) as scope:
      kwargs["name"] = scope
    sample_shape = kwargs.pop("sample_shape", ())
    value = kwargs.pop("value", None)
    collections = kwargs.pop("collections", None)
    if collections is None:
      collections = [RANDOM_VARIABLE_COLLECTION]

    # Edward kept the exact call, minus defaults, so that a random variable
    # can be rebuilt (ed.copy) with `type(x)(*x._args, **x._kwargs)`.
    self._args = args
    self._kwargs = kwargs.copy()
    if sample_shape != ():
      self._kwargs["sample_shape"] = sample_shape
    if value is not None:
      self._kwargs["value"] = value
    if collections != [RANDOM_VARIABLE_COLLECTION]:
      self._kwargs["collections"] = collections

    self._name = scope
    self._distribution = self._make_distribution(*args, **kwargs)
    self._sample_shape = tf.TensorShape(sample_shape)
    if value is None:
      self._value = self._distribution.sample(self._sample_shape)
    else:
      self._value = self._value_tensor(value)

    graph = tf1.get_default_graph()
    for collection in collections:
      graph.add_to_collection(collection, self)

  def _make_distribution(self, distribution=None, name=None):
    """Returns the TFP distribution to wrap; subclasses build their own."""
    del name  # A ready-made distribution keeps its own name.
    if not isinstance(distribution, tfd.Distribution):
      raise TypeError(
          "RandomVariable needs a tfp.distributions.Distribution as its "
          "`distribution` argument; got {!r}.".format(distribution))
    return distribution

  def _value_tensor(self, value):
    """`value` as a tensor of the random variable's dtype and shape."""
    try:
      tensor = tf.convert_to_tensor(value, dtype=self.dtype)
    except (TypeError, ValueError):
      raise ValueError(
          "Incompatible dtype for initialization argument 'value'. "
          "Expected %s, got %s." % (self.dtype.name, _dtype_name(value)))
    expected_shape = self._sample_shape.concatenate(
        self.batch_shape).concatenate(self.event_shape)
    if not tensor.shape.is_compatible_with(expected_shape):
      raise ValueError(
          "Incompatible shape for initialization argument 'value'. "
          "Expected %s, got %s." % (expected_shape, tensor.shape))
    return tensor

  @property
  def distribution(self):
    """The wrapped `tfp.distributions.Distribution`."""
    return self._distribution

  @property
  def name(self):
    """Name scope of the random variable, such as `'Normal/'`."""
    return self._name

  @property
  def sample_shape(self):
    """Shape of the draws that make up the value (a `tf.TensorShape`)."""
    return self._sample_shape

  @property
  def shape(self):
    """Shape of the value: `sample_shape + batch_shape + event_shape`."""
    return self._value.shape

  def get_shape(self):
    """Shape of the value (same as `shape`)."""
    return self.shape

  @property
  def graph(self):
    """The `tf.Graph` holding the value."""
    return self._value.graph

  @property
  def op(self):
    """The `tf.Operation` that produces the value."""
    return self._value.op

  def value(self):
    """Returns the tensor the random variable stands for."""
    return self._value

  def eval(self, session=None, feed_dict=None):
    """Computes the value in a session; adds nothing to the graph.

    Args:
      session: tf.Session. Session to run in; defaults to the default
        session.
      feed_dict: dict. Feeds for the run, as in `tf.Session.run`.

    Returns:
      np.ndarray. The value.

    #### Examples

    ```python
    x = Normal(0.0, 1.0)
    with tf.Session() as sess:
      print(x.eval())
    ```
    """
    return self._value.eval(session=session, feed_dict=feed_dict)

  def __getattr__(self, name):
    # Only reached for attributes not found normally. Private names are not
    # forwarded: TensorFlow and numpy probe objects with `hasattr` for
    # protocol hooks (`__tf_flatten__`, `_type_spec`, ...) that belong to
    # the distribution, not to a tensor; this also keeps a lookup made
    # before `_distribution` is set from recursing.
    if name.startswith("_"):
      raise AttributeError("'{}' object has no attribute '{}'".format(
          type(self).__name__, name))
    return getattr(self._distribution, name)

  def __str__(self):
    return "RandomVariable(\"%s\"%s%s%s)" % (
        self.name,
        (", shape=%s" % self.shape) if self.shape.ndims is not None else "",
        ", dtype=%s" % self.dtype.name,
        (", device=%s" % self._value.device) if self._value.device else "")

  def __repr__(self):
    return "<ed.RandomVariable '%s' shape=%s dtype=%s>" % (
        self.name, self.shape, self.dtype.name)

  def __hash__(self):
    return id(self)

  def __eq__(self, other):
    return self is other

  def __ne__(self, other):
    return self is not other

  def __iter__(self):
    raise TypeError("'RandomVariable' object is not iterable.")

  def __bool__(self):
    raise TypeError(_BOOL_MESSAGE)

  def get_ancestors(self, collection=None):
    """Random variables this one depends on, through any path."""
    return get_ancestors(self, collection)

  def get_blanket(self, collection=None):
    """The random variable's Markov blanket."""
    return get_blanket(self, collection)

  def get_children(self, collection=None):
    """Random variables that depend on this one directly."""
    return get_children(self, collection)

  def get_descendants(self, collection=None):
    """Random variables that depend on this one, through any path."""
    return get_descendants(self, collection)

  def get_parents(self, collection=None):
    """Random variables this one depends on directly."""
    return get_parents(self, collection)

  def get_siblings(self, collection=None):
    """Random variables that share a parent with this one."""
    return get_siblings(self, collection)

  def get_variables(self, collection=None):
    """TensorFlow variables the random variable depends on."""
    return get_variables(self, collection)


def _dtype_name(value):
  """Name of `value`'s dtype (TensorFlow's or NumPy's), for error messages."""
  dtype = getattr(value, "dtype", None)
  if dtype is None:
    dtype = np.asarray(value).dtype
  return dtype.name


def _forward_method(name):
  """A method that calls the distribution's method `name`."""
  @functools.wraps(getattr(tfd.Distribution, name))
  def forwarder(self, *args, **kwargs):
    return getattr(self._distribution, name)(*args, **kwargs)  # pylint: disable=protected-access
  return forwarder


def _forward_property(name):
  """A read-only property that reads the distribution's `name`."""
  def getter(self):
    return getattr(self._distribution, name)  # pylint: disable=protected-access
  getter.__doc__ = getattr(tfd.Distribution, name).__doc__
  return property(getter)


def _delegate_operator(operator):
  """An operator that applies `tf.Tensor`'s `operator` to the value."""
  tensor_operator = getattr(tf.Tensor, operator)

  @functools.wraps(tensor_operator)
  def run_operator(self, *args):
    return tensor_operator(self._value, *args)  # pylint: disable=protected-access
  return run_operator


for _name in _FORWARDED_METHODS:
  setattr(RandomVariable, _name, _forward_method(_name))
for _name in _FORWARDED_PROPERTIES:
  setattr(RandomVariable, _name, _forward_property(_name))
for _name in sorted(tf.Tensor.OVERLOADABLE_OPERATORS - _IDENTITY_OPERATORS):
  setattr(RandomVariable, _name, _delegate_operator(_name))
del _name


def _fetch(random_variable):
  return [random_variable.value()], lambda fetched: fetched[0]


def _feed(random_variable, feed_value):
  return [(random_variable.value(), feed_value)]


def _feed_for_partial_run(random_variable):
  return [random_variable.value()]


def _to_tensor(random_variable, dtype=None, name=None, as_ref=False):
  del name, as_ref  # The value already exists; nothing to name or alias.
  if dtype is not None and not dtype.is_compatible_with(random_variable.dtype):
    raise ValueError(
        "Incompatible type conversion requested to type '%s' for variable "
        "of type '%s'" % (dtype.name, random_variable.dtype.name))
  return random_variable.value()


register_session_run_conversion_functions(
    RandomVariable, _fetch, _feed, _feed_for_partial_run)
register_random_variable_class(RandomVariable)
tf1.register_tensor_conversion_function(RandomVariable, _to_tensor)
