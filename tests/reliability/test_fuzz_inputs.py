"""Bad input, fuzzed: every refusal names the argument and leaves no trace.

Each property draws one kind of bad argument (from a table of kinds, each
with the exact exception type and message it must give), makes the call
in a graph that holds a valid model, and checks three things: the
exception's exact type and message; that the graph's collections, and
(for refusals that come before anything is built) its operations, are
as they were; and, once all examples ran, that the same graph still
builds a correct inference, whose names and first losses are those of a
fresh graph (compared with NumPy).

Hypothesis runs derandomized, with no example database, so the cases are
the same on every run; the terminal summary counts them per property.
"""

import os
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import edward_lite as ed
from edward_lite._tf import tf, tf1
from edward_lite.inferences.gan_inference import (
    VariablesTypeError, VariablesValueError)
from tests.reliability import _models as m

N = m.GAN_BATCH

# The graph and the valid model are made once per test (the `sess`
# fixture, around an inner function that hypothesis calls per example),
# on purpose: every example must leave that one graph as it found it.
# The suite runs them derandomized; EDWARD_LITE_FUZZ=500 runs 500 fresh
# random ones per property instead, to look further.
_EXPLORE = int(os.environ.get("EDWARD_LITE_FUZZ", "0"))
FUZZ = settings(
    max_examples=_EXPLORE or 50, deadline=None, derandomize=not _EXPLORE,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

OPTIMIZER_LIST = ("adadelta, adagrad, adam, ftrl, gradientdescent, momentum, "
                  "rmsprop")

# Values of no use as dicts, lists of variables, flags or optimizers.
JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(-3, 3),
    st.text(max_size=4), st.binary(max_size=3),
    st.lists(st.integers(0, 3), max_size=3), st.tuples(st.integers(0, 3)),
    st.sets(st.integers(0, 3), max_size=2), st.just(object()),
    st.just(np.zeros(2, np.float32)))
HASHABLE_JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5),
    st.floats(-3, 3, allow_nan=False), st.text(max_size=4),
    st.tuples(st.integers(0, 3)))


def type_text(value):
  return "<class '{}'>".format(
      type(value).__module__ + "." + type(value).__qualname__
      if type(value).__module__ != "builtins" else type(value).__qualname__)


def graph_state(graph):
  """Every collection of `graph`, as lists of object ids."""
  return {key: [id(item) for item in graph.get_collection(key)]
          for key in graph.get_all_collection_keys()}


def refused(call, error_type, message, same_ops=True):
  """Makes `call`, which must raise exactly `error_type` with `message`.

  Args:
    call: function of no arguments.
    error_type: the exact exception class expected.
    message: str. A regular expression the whole message must match.
    same_ops: bool. Whether the graph must also keep its op count (true
      for every refusal that comes before anything is built).
  """
  graph = tf1.get_default_graph()
  state = graph_state(graph)
  ops = len(graph.get_operations())
  with pytest.raises(Exception) as caught:
    call()
  assert type(caught.value) is error_type, repr(caught.value)
  assert re.fullmatch(message, str(caught.value), re.DOTALL), (
      str(caught.value), message)
  assert graph_state(graph) == state
  if same_ops:
    assert len(graph.get_operations()) == ops


def exact(text):
  return re.escape(text)


class Pool(object):
  """Graph objects the examples draw from, made once in the test's graph."""

  def __init__(self):
    self.x_ph, self.z_ph, self.x_fake, self.a, self.c = m.build_gan_pieces()
    self.more_fakes = [self.x_fake + float(i) for i in range(1, 4)]
    self.bx_ph, self.bz_ph, self.bx_fake, self.bz_fake = (
        m.build_bigan_pieces())
    self.more_latents = [self.bz_fake * float(i) for i in range(2, 5)]
    self._tensors = {}
    self.other_graph = tf1.Graph()
    with self.other_graph.as_default():
      self.other_tensor = tf.zeros([N, 1]) + 1.0
      self.other_latent = tf.zeros([N, m.BIGAN_DZ]) + 1.0
      self.other_step = tf1.Variable(0, trainable=False, name="other_step")
      self.other_variable = tf1.Variable(0.0, name="other_variable")
      self.other_placeholder = tf1.placeholder(tf.float32, [N, 1])

  def tensor(self, shape, dtype=tf.float32):
    key = (tuple(shape), dtype)
    if key not in self._tensors:
      self._tensors[key] = tf.zeros(shape, dtype) + tf.cast(1, dtype)
    return self._tensors[key]


@pytest.fixture
def pool(sess):
  return Pool()


TENSOR_SHAPES = [(), (N,), (3, 1), (N, 2), (1, N), (N, 1, 1), (2, 3)]
OTHER_DTYPES = [tf.float64, tf.float16, tf.int32, tf.int64]


def unparsable_strings():
  letters = st.text(alphabet="abcdefghijklmopqrsuvwxyz", min_size=1,
                    max_size=4)

  def parses(text):
    try:
      float(text)
      return True
    except ValueError:
      return False
  return letters.filter(lambda text: not parses(text))


# GANInference / WGANInference constructors -----------------------------------


# Kinds of bad input, grouped so that each group is one test (a graph, a
# run of examples, then a correct inference in that same graph).
DATA_KINDS = {
    "dict": ["not a dict", "no pair", "several pairs", "discriminator"],
    "keys": ["bad key", "key of another graph", "feed shape", "feed tensor"],
    "tensor values": ["bad value", "tensor shape", "tensor dtype",
                      "value of another graph"],
    "array values": ["array shape", "array dtype", "strings", "ragged"],
}


def _data_kind(draw, pool, kind):
  """Draws one bad (data, discriminator) of `kind`, and its error."""
  x_fake, good_disc, x = pool.x_fake, m.linear_disc, m.GAN_X
  key_name = x_fake.name
  one_pair = ("data must hold exactly one key-value pair for adversarial "
              "inference (placeholder feeds aside); got {}.")
  if kind == "not a dict":
    data = draw(JUNK.filter(lambda v: v is not None))
    return kind, data, good_disc, TypeError, exact("data must have type dict.")
  if kind == "no pair":
    data = draw(st.sampled_from([None, {}, {pool.z_ph: m.GAN_Z}]))
    return kind, data, good_disc, ValueError, exact(one_pair.format(0))
  if kind == "several pairs":
    count = draw(st.integers(2, 4))
    data = {fake: x for fake in ([x_fake] + pool.more_fakes)[:count]}
    if draw(st.booleans()):
      data[pool.z_ph] = m.GAN_Z  # A feed, which does not count.
    return kind, data, good_disc, ValueError, exact(one_pair.format(count))
  if kind == "bad key":
    key = draw(HASHABLE_JUNK)
    return (kind, {key: x}, good_disc, TypeError,
            exact("Data key has an invalid type: {}".format(type_text(key))))
  if kind == "bad value":
    value = draw(st.sampled_from([None, object(), {}, {1}, (1, 2), b"x",
                                  1j, len]))
    return (kind, {x_fake: value}, good_disc, TypeError,
            exact("Data value has an invalid type: {}".format(
                type_text(value))))
  if kind == "tensor shape":
    shape = draw(st.sampled_from(TENSOR_SHAPES))
    return (kind, {x_fake: pool.tensor(shape)}, good_disc, TypeError,
            exact("Key-value pair in data does not have same shape: (6, 1), "
                  "{}".format(shape)))
  if kind == "tensor dtype":
    dtype = draw(st.sampled_from(OTHER_DTYPES))
    return (kind, {x_fake: pool.tensor((N, 1), dtype)}, good_disc, TypeError,
            exact("Key-value pair in data does not have same dtype: "
                  "<dtype: 'float32'>, <dtype: '{}'>".format(dtype.name)))
  if kind == "array shape":
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0,
                                  max_side=7).filter(lambda s: s != (N, 1)))
    return (kind, {x_fake: np.zeros(shape, np.float32)}, good_disc, TypeError,
            exact("Key-value pair in data does not have same shape: (6, 1), "
                  "{}".format(shape)))
  if kind == "array dtype":
    dtype = draw(st.sampled_from([np.bool_, np.complex64, np.object_]))
    return (kind, {x_fake: np.zeros((N, 1), dtype)}, good_disc, TypeError,
            exact("Data value has an invalid dtype: {}".format(
                np.dtype(dtype))))
  if kind == "strings":
    words = draw(st.lists(unparsable_strings(), min_size=N, max_size=N))
    value = np.array(words).reshape(N, 1)
    return (kind, {x_fake: value}, good_disc, TypeError,
            exact("data value for {} must be an array of dtype float32; "
                  "could not convert string to float: ".format(key_name)) +
            ".*")
  if kind == "ragged":
    lengths = draw(st.lists(st.integers(1, 3), min_size=2, max_size=N).filter(
        lambda ls: len(set(ls)) > 1))
    value = [[1.0] * length for length in lengths]
    return (kind, {x_fake: value}, good_disc, ValueError,
            exact("data value for {} must be an array of one shape (a list of "
                  "lists of equal lengths); ".format(key_name)) + ".*")
  if kind == "key of another graph":
    key = pool.other_tensor
    return (kind, {key: x}, good_disc, ValueError,
            exact("data key {} belongs to another graph than the default "
                  "graph; build the model and the inference in the same "
                  "graph.".format(key.name)))
  if kind == "value of another graph":
    return (kind, {x_fake: pool.other_tensor}, good_disc, ValueError,
            exact("data value {} belongs to another graph than the default "
                  "graph; build the model and the inference in the same "
                  "graph.".format(pool.other_tensor.name)))
  if kind == "feed shape":
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, max_side=7).filter(
        lambda s: s != (N, 1)))
    return (kind, {x_fake: pool.x_ph, pool.z_ph: np.zeros(shape)}, good_disc,
            ValueError,
            exact("data value for z:0 has shape {}; expected shape "
                  "(6, 1).".format(shape)))
  if kind == "feed tensor":
    return (kind, {x_fake: pool.x_ph, pool.z_ph: pool.tensor((N, 1))},
            good_disc, TypeError,
            exact("The value of a feed cannot be a tf.Tensor object. "
                  "Acceptable feed values include Python scalars, strings, "
                  "lists, numpy ndarrays, or TensorHandles."))
  assert kind == "discriminator"
  disc = draw(JUNK.filter(lambda v: not callable(v)))
  return (kind, {x_fake: pool.x_ph}, disc, TypeError,
          exact("discriminator must be a callable function."))


@pytest.mark.parametrize("group", sorted(DATA_KINDS))
def test_gan_constructors_refuse_bad_data_and_discriminators(
    pool, fuzz_count, group):
  @FUZZ
  @given(data=st.data())
  def examples(data):
    cls = data.draw(st.sampled_from([ed.GANInference, ed.WGANInference]))
    kind = data.draw(st.sampled_from(DATA_KINDS[group]))
    _, bad_data, disc, error, message = _data_kind(data.draw, pool, kind)
    refused(lambda: cls(bad_data, disc), error, message)
    fuzz_count(kind)

  examples()
  assert_correct_gan_builds_next(pool)


def assert_correct_gan_builds_next(pool):
  """The graph still takes a GAN, named and computed as in a fresh one."""
  inference = ed.GANInference({pool.x_fake: pool.x_ph}, m.linear_disc)
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  assert m.disc_names(inference) == ["Disc/b:0", "Disc/w:0"]
  info = inference.update({pool.x_ph: m.GAN_X, pool.z_ph: m.GAN_Z})
  loss, loss_d = m.numpy_gan_losses()
  assert info["t"] == 1
  np.testing.assert_allclose([info["loss"], info["loss_d"]], [loss, loss_d],
                             rtol=1e-5)
  return inference


# BiGANInference's latent_vars --------------------------------------------------


LATENT_KINDS = [
    "not a dict", "no pair", "several pairs", "bad key", "bad value",
    "tensor shape", "tensor dtype", "key of another graph"]


def _latent_kind(draw, pool, kind):
  """Draws one bad latent_vars of `kind` for BiGAN, and its error."""
  z_ph, z_fake = pool.bz_ph, pool.bz_fake
  one_pair = ("latent_vars must hold exactly one key-value pair for "
              "adversarial inference; got {}.")
  if kind == "not a dict":
    latent = draw(JUNK.filter(lambda v: v is not None))
    return kind, latent, TypeError, exact("latent_vars must have type dict.")
  if kind == "no pair":
    return (kind, draw(st.sampled_from([None, {}])), ValueError,
            exact(one_pair.format(0)))
  if kind == "several pairs":
    count = draw(st.integers(2, 4))
    keys = [z_ph] + pool.more_latents
    latent = {key: z_fake for key in keys[:count]}
    return kind, latent, ValueError, exact(one_pair.format(count))
  if kind == "bad key":
    key = draw(HASHABLE_JUNK)
    return (kind, {key: z_fake}, TypeError,
            exact("Latent variable key has an invalid type: {}".format(
                type_text(key))))
  if kind == "bad value":
    value = draw(st.sampled_from([None, 1.0, "z", [1.0], object(),
                                  np.zeros((N, m.BIGAN_DZ), np.float32)]))
    return (kind, {z_ph: value}, TypeError,
            exact("Latent variable value has an invalid type: {}".format(
                type_text(value))))
  if kind == "tensor shape":
    shape = draw(st.sampled_from(TENSOR_SHAPES).filter(
        lambda s: s != (N, m.BIGAN_DZ)))
    return (kind, {z_ph: pool.tensor(shape)}, TypeError,
            exact("Key-value pair in latent_vars does not have same shape: "
                  "(6, 2), {}".format(shape)))
  if kind == "tensor dtype":
    dtype = draw(st.sampled_from(OTHER_DTYPES))
    return (kind, {z_ph: pool.tensor((N, m.BIGAN_DZ), dtype)}, TypeError,
            exact("Key-value pair in latent_vars does not have same dtype: "
                  "<dtype: 'float32'>, <dtype: '{}'>".format(dtype.name)))
  assert kind == "key of another graph"
  return (kind, {pool.other_latent: z_fake}, ValueError,
          exact("latent_vars key {} belongs to another graph than the default "
                "graph; build the model and the inference in the same "
                "graph.".format(pool.other_latent.name)))


def test_bigan_constructor_refuses_bad_latent_vars(pool, fuzz_count):
  @settings(FUZZ, max_examples=_EXPLORE or 80)
  @given(data=st.data())
  def examples(data):
    kind = data.draw(st.sampled_from(LATENT_KINDS))
    _, latent, error, message = _latent_kind(data.draw, pool, kind)
    refused(lambda: ed.BiGANInference(latent, {pool.bx_fake: pool.bx_ph},
                                      m.linear_pair_disc), error, message)
    fuzz_count(kind)

  examples()
  inference = ed.BiGANInference({pool.bz_ph: pool.bz_fake},
                                {pool.bx_fake: pool.bx_ph},
                                m.linear_pair_disc)
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  assert m.disc_names(inference) == ["Disc/b:0", "Disc/w:0"]
  info = inference.update({pool.bx_ph: m.BIGAN_X, pool.bz_ph: m.BIGAN_Z})
  np.testing.assert_allclose([info["loss"], info["loss_d"]],
                             m.numpy_bigan_losses(), rtol=1e-5)


# initialize: refused before anything is built ---------------------------------

KNOWN_KEYWORDS = {
    "optimizer", "optimizer_d", "global_step", "global_step_d", "var_list",
    "n_iter", "n_print", "scale", "auto_transform", "logdir",
    "log_timestamp", "log_vars", "debug", "penalty", "clip",
    "reconstruction_weight", "use_prettytensor", "alad", "ema_decay"}


def _step_kind(draw, pool, name):
  choice = draw(st.sampled_from(["junk", "float", "vector", "other graph"]))
  if choice == "junk":
    value = draw(JUNK.filter(lambda v: v is not None))
    return value, TypeError, exact("{} must be a tf.Variable or None; got "
                                   "{}.".format(name, type(value).__name__))
  if choice == "float":
    # A float counter is accepted, as Edward accepted it; a bool is not.
    value = pool.bool_step
    return value, TypeError, exact("{} must be an integer or float "
                                   "tf.Variable; got dtype bool.".format(name))
  if choice == "vector":
    return pool.vector_step, ValueError, exact(
        "{} must be a scalar tf.Variable; got shape (2,).".format(name))
  return pool.other_step, ValueError, exact(
      "{} must be a variable of the default graph; other_step:0 belongs to "
      "another graph.".format(name))


def _count_kind(draw, name):
  if draw(st.booleans()):
    value = draw(st.integers(-10 ** 6, -1))
    return value, ValueError, exact("{} must be non-negative; got {}.".format(
        name, value))
  value = draw(JUNK.filter(lambda v: v is not None and (
      isinstance(v, bool) or not isinstance(v, int))))
  return value, TypeError, exact("{} must be an int; got {}.".format(
      name, type(value).__name__))


def _list_of_variables_kind(draw, pool, name, message, empty_ok):
  choice = draw(st.sampled_from(["junk", "mixed", "other graph"] +
                                ([] if empty_ok else ["empty"])))
  if choice == "empty":
    return draw(st.sampled_from([[], ()])), ValueError, exact(
        "{} must hold at least one tf.Variable; got an empty "
        "list.".format(name))
  if choice == "other graph":
    return [pool.a, pool.other_variable], ValueError, exact(
        "{} holds other_variable:0, a variable of another graph than the "
        "default graph.".format(name))
  if choice == "mixed":
    extra = draw(JUNK.filter(lambda v: not isinstance(v, tf.Variable)))
    return [pool.a, extra], TypeError, exact(message)
  value = draw(JUNK.filter(lambda v: v is not None and not (
      isinstance(v, (list, tuple)) and not v)))
  return value, TypeError, exact(message)


INITIALIZE_KINDS = {
    "optimizers": ["optimizer", "optimizer_d", "optimizer name",
                   "optimizer_d name"],
    "steps and variables": ["global_step", "global_step_d", "var_list",
                            "log_vars"],
    "counts and flags": ["n_iter", "n_print", "scale", "auto_transform",
                         "log_timestamp", "debug"],
    "logdir and keywords": ["logdir", "unknown keyword"],
    "WGAN": ["penalty", "clip"],
}


def _initialize_kind(draw, pool, kind, tmp_path):
  """Draws one bad initialize keyword of `kind`, and its error."""
  if kind in ("optimizer", "optimizer_d"):
    value = draw(st.one_of(JUNK.filter(
        lambda v: v is not None and not isinstance(v, str)),
                           st.just(tf1.train.AdamOptimizer)))
    prefix = "" if kind == "optimizer" else "optimizer_d: "
    return kind, {kind: value}, TypeError, exact(
        prefix + "Optimizer must be str, tf.train.Optimizer, or None.")
  if kind.endswith(" name"):
    argument = kind.split()[0]
    name = draw(st.text(max_size=12).filter(
        lambda t: t not in OPTIMIZER_LIST.split(", ")))
    prefix = "" if argument == "optimizer" else "optimizer_d: "
    return kind, {argument: name}, ValueError, exact(
        "{}Optimizer class not found: {} (expected one of {}).".format(
            prefix, name, OPTIMIZER_LIST))
  if kind in ("global_step", "global_step_d"):
    value, error, message = _step_kind(draw, pool, kind)
    return kind, {kind: value}, error, message
  if kind == "var_list":
    value, error, message = _list_of_variables_kind(
        draw, pool, "var_list", "var_list must be a list of tf.Variable or "
        "None.", empty_ok=False)
    return kind, {kind: value}, error, message
  if kind in ("n_iter", "n_print"):
    value, error, message = _count_kind(draw, kind)
    return kind, {kind: value}, error, message
  if kind == "scale":
    value = draw(JUNK.filter(lambda v: v is not None))
    return kind, {kind: value}, TypeError, exact("scale must be a dict "
                                                 "object.")
  if kind in ("auto_transform", "log_timestamp", "debug"):
    # Integers are taken for their truth, as Edward took them (debug=1).
    value = draw(JUNK.filter(lambda v: not isinstance(v, (bool, int))))
    return kind, {kind: value}, TypeError, exact(
        "{} must be a bool; got {}.".format(kind, type(value).__name__))
  if kind == "logdir":
    choice = draw(st.sampled_from(["junk", "empty", "file"]))
    if choice == "empty":
      return kind, {"logdir": ""}, ValueError, exact(
          "logdir must be a non-empty path or None.")
    if choice == "file":
      path = str(tmp_path / "not_a_directory")
      return kind, {"logdir": path}, ValueError, exact(
          "logdir must be a directory; {} is a file.".format(path))
    value = draw(JUNK.filter(lambda v: v is not None and not isinstance(
        v, str)))
    return kind, {"logdir": value}, TypeError, exact(
        "logdir must be a str path or None; got {}.".format(
            type(value).__name__))
  if kind == "log_vars":
    value, error, message = _list_of_variables_kind(
        draw, pool, "log_vars", "log_vars must be a list of tf.Variable or "
        "None.", empty_ok=True)
    if error is ValueError:  # log_vars may hold any graph's... it may not,
      value = [pool.a, object()]  # but only its type is checked up front.
      error, message = TypeError, exact(
          "log_vars must be a list of tf.Variable or None.")
    return kind, {kind: value}, error, message
  if kind == "unknown keyword":
    word = draw(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True).filter(
        lambda w: w not in KNOWN_KEYWORDS))
    return kind, {word: 1}, TypeError, (
        r".*initialize\(\) got an unexpected keyword argument " +
        exact("'{}'".format(word)))
  assert kind in ("penalty", "clip")
  choice = draw(st.sampled_from(["junk", "negative", "not finite"]))
  if choice == "junk":
    value = draw(JUNK.filter(lambda v: v is not None and (
        isinstance(v, bool) or not isinstance(v, (int, float)))))
    return kind, {kind: value}, TypeError, exact(
        "{} must be a float, a scalar tf.Tensor, or None; got {}.".format(
            kind, type(value).__name__))
  if choice == "not finite":
    value = draw(st.sampled_from([float("nan"), float("inf"),
                                  -float("inf")]))
    return kind, {kind: value}, ValueError, exact(
        "{} must be finite; got {}.".format(kind, value))
  # Zero is accepted for both, as Edward did (clip=0 clips to 0).
  value = draw(st.floats(-100, 0, exclude_max=True))
  return kind, {kind: value}, ValueError, exact(
      "{} must be non-negative; got {}.".format(kind, value))


@pytest.fixture
def with_steps(pool):
  pool.bool_step = tf1.Variable(False, trainable=False, name="bool_step")
  pool.vector_step = tf1.Variable([0, 0], trainable=False, name="vector_step")
  return pool


@pytest.mark.parametrize("group", sorted(INITIALIZE_KINDS))
def test_initialize_refuses_bad_arguments_before_building(
    with_steps, tmp_path, fuzz_count, group):
  pool = with_steps
  (tmp_path / "not_a_directory").write_text("")
  inferences = {
      ed.GANInference: ed.GANInference({pool.x_fake: pool.x_ph},
                                       m.linear_disc),
      ed.WGANInference: ed.WGANInference({pool.x_fake: pool.x_ph},
                                         m.linear_disc),
      ed.BiGANInference: ed.BiGANInference(
          {pool.bz_ph: pool.bz_fake}, {pool.bx_fake: pool.bx_ph},
          m.linear_pair_disc),
  }
  attributes = {cls: sorted(vars(inference))
                for cls, inference in inferences.items()}

  classes = sorted(inferences, key=str)
  if group == "WGAN":
    classes = [ed.WGANInference]

  @FUZZ
  @given(data=st.data())
  def examples(data):
    cls = data.draw(st.sampled_from(classes))
    kind = data.draw(st.sampled_from(INITIALIZE_KINDS[group]))
    _, kwargs, error, message = _initialize_kind(data.draw, pool, kind,
                                                 tmp_path)
    refused(lambda: inferences[cls].initialize(**kwargs), error, message)
    assert sorted(vars(inferences[cls])) == attributes[cls]
    fuzz_count(kind)

  examples()
  # The very objects that refused so often now initialize and train.
  gan = inferences[ed.GANInference]
  gan.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  assert m.disc_names(gan) == ["Disc/b:0", "Disc/w:0"]
  info = gan.update({pool.x_ph: m.GAN_X, pool.z_ph: m.GAN_Z})
  np.testing.assert_allclose([info["loss"], info["loss_d"]],
                             m.numpy_gan_losses(), rtol=1e-5)
  assert info["t"] == 1


# initialize: refused once the discriminator ran --------------------------------


def _disc_kind(draw, kind):
  """Draws a discriminator that misbehaves in one way, and its error."""
  if kind == "returns no tensor":
    value = draw(st.sampled_from([None, 1.0, 3, [1.0], "logits",
                                  np.zeros((N, 1), np.float32)]))

    def disc(x):
      m.linear_disc(x)  # Makes variables, which must not stay behind.
      return value
    return disc, TypeError, exact(
        "discriminator must return a tf.Tensor of logits; got {}.".format(
            type(value).__name__))
  if kind == "integer logits":
    dtype = draw(st.sampled_from([tf.int32, tf.int64, tf.bool]))

    def disc(x):
      return tf.cast(m.linear_disc(x), dtype)
    return disc, TypeError, exact(
        "discriminator must return floating-point logits; got dtype "
        "{}.".format(dtype.name))
  if kind == "no variables":
    scale = draw(st.floats(0.5, 2.0))

    def disc(x):
      return scale * tf.convert_to_tensor(x)
    return disc, ValueError, exact(
        "discriminator made no trainable variable under the variable scope "
        "'Disc': create its layers inside the function, so that they are "
        "made there.")
  if kind == "output ignores its variables":
    def disc(x):
      m.linear_disc(x)
      return tf.convert_to_tensor(x) * 2.0
    # The op names a refused call took stay taken (see below), so the
    # variables of a later example may be "Disc/w_3".
    return disc, ValueError, (
        exact("discriminator: its output depends on none of its variables ") +
        r"\['Disc/w(_\d+)?:0', 'Disc/b(_\d+)?:0'\]\.")
  assert kind == "raises"
  error = draw(st.sampled_from([ZeroDivisionError, KeyError, RuntimeError]))

  def disc(x):
    m.linear_disc(x)
    raise error("the user's own bug")
  return disc, error, (exact("the user's own bug") if error is not KeyError
                       else exact('"the user\'s own bug"'))


# Logits of any shape are not on the list: Edward trained with them, and
# so does edward_lite (tests/inferences/test_gan_inference.py).
DISC_KINDS = ["returns no tensor", "integer logits", "no variables",
              "output ignores its variables", "raises"]


def test_initialize_refused_after_building_leaves_no_variables(
    pool, fuzz_count):
  unrelated = tf1.get_variable("unrelated", initializer=1.0)

  @settings(FUZZ, max_examples=_EXPLORE or 40)
  @given(data=st.data())
  def examples(data):
    kind = data.draw(st.sampled_from(DISC_KINDS + ["unrelated var_list"]))
    cls = data.draw(st.sampled_from([ed.GANInference, ed.WGANInference]))
    if kind == "unrelated var_list":
      inference = cls({pool.x_fake: pool.x_ph}, m.linear_disc)
      kwargs, error = {"var_list": [unrelated]}, ValueError
      message = exact("var_list: the generator's loss depends on none of "
                      "['unrelated:0'].")
    else:
      disc, error, message = _disc_kind(data.draw, kind)
      inference, kwargs = cls({pool.x_fake: pool.x_ph}, disc), {}
    attributes = sorted(vars(inference))
    refused(lambda: inference.initialize(n_print=0, **kwargs), error,
            message, same_ops=False)
    assert sorted(vars(inference)) == attributes
    assert not [v for v in tf1.global_variables()
                if v.name.startswith("Disc")]
    fuzz_count(kind)

  examples()
  # The graph takes a correct GAN, under the scope "Disc" (not "Disc_1":
  # no refused inference kept its claim), with "Disc/w" free in the
  # variable store. The refused calls' ops cannot be deleted from a TF1
  # graph and keep their op names, so the new variables' names may carry
  # a suffix.
  inference = ed.GANInference({pool.x_fake: pool.x_ph}, m.linear_disc)
  inference.initialize(n_print=0)
  tf1.global_variables_initializer().run()
  assert inference._disc_scope == "Disc/"
  names = m.disc_names(inference)
  assert [re.sub(r"_\d+:0$", ":0", name) for name in names] == [
      "Disc/b:0", "Disc/w:0"]
  info = inference.update({pool.x_ph: m.GAN_X, pool.z_ph: m.GAN_Z})
  assert info["t"] == 1
  np.testing.assert_allclose([info["loss"], info["loss_d"]],
                             m.numpy_gan_losses(), rtol=1e-5)


def test_a_bigan_without_gen_variables_is_refused_by_name(sess):
  x_ph = tf1.placeholder(tf.float32, [N, m.BIGAN_DX])
  z_ph = tf1.placeholder(tf.float32, [N, m.BIGAN_DZ])
  # The networks' variables are made outside the "Gen" scope.
  x_fake = tf1.layers.dense(z_ph, m.BIGAN_DX)
  z_fake = tf1.layers.dense(x_ph, m.BIGAN_DZ)
  inference = ed.BiGANInference({z_ph: z_fake}, {x_fake: x_ph},
                                m.linear_pair_disc)
  refused(lambda: inference.initialize(n_print=0), ValueError, exact(
      "var_list is empty: BiGANInference found no trainable variable of the "
      "generator under the variable scope 'Gen' (build the encoder and the "
      "generator inside tf.variable_scope(\"Gen\")). Pass var_list, a list "
      "of tf.Variable."), same_ops=False)
  # Passing them explicitly is the documented way out.
  inference.initialize(n_print=0, var_list=tf1.trainable_variables())
  tf1.global_variables_initializer().run()
  assert inference.update({x_ph: m.BIGAN_X, z_ph: m.BIGAN_Z})["t"] == 1


# update ------------------------------------------------------------------------

UPDATE_KINDS = {
    "feed keys": ["feed_dict", "key", "string key", "key of another graph"],
    "feed values": ["value None", "value graph node",
                    "value of a wrong type", "value shape"],
    "feed arrays and variables": ["value strings", "value ragged",
                                  "variables"],
}


def _update_kind(draw, pool, kind):
  """Draws one bad (feed_dict, variables) for update, and its error."""
  x_ph, z_ph = pool.x_ph, pool.z_ph
  good = {x_ph: m.GAN_X, z_ph: m.GAN_Z}
  expected = "an array of shape (6, 1) and dtype float32"
  if kind == "feed_dict":
    value = draw(JUNK.filter(lambda v: v is not None))
    return value, None, TypeError, exact(
        "feed_dict must be a dict or None; got {}.".format(
            type(value).__name__))
  if kind == "key":
    key = draw(st.one_of(st.none(), st.booleans(), st.integers(),
                         st.floats(allow_nan=False), st.binary(max_size=3)))
    return dict(good, **{}) | {key: m.GAN_X}, None, TypeError, exact(
        "feed_dict keys must be tf.Tensor objects (usually placeholders); "
        "got {}.".format(type(key).__name__))
  if kind == "string key":
    key = draw(st.text(alphabet="abcxyz_/", min_size=1, max_size=6))
    return good | {key: m.GAN_X}, None, TypeError, exact(
        "feed_dict key {!r} names no tensor of the graph.".format(key))
  if kind == "key of another graph":
    key = pool.other_placeholder
    return good | {key: m.GAN_X}, None, TypeError, exact(
        "feed_dict key {} belongs to another graph than the "
        "inference's.".format(key.name))
  if kind == "value None":
    return good | {x_ph: None}, None, TypeError, exact(
        "feed_dict value for x:0 is None; expected {}.".format(expected))
  if kind == "value graph node":
    node, what = draw(st.sampled_from([(pool.x_fake, "tf.Tensor"),
                                       (pool.a, "tf.Variable")]))
    return good | {x_ph: node}, None, TypeError, exact(
        "feed_dict value for x:0 is a {}; expected {} (a value, not a graph "
        "node: run it first).".format(what, expected))
  if kind == "value of a wrong type":
    value = draw(st.sampled_from([{}, {1.0}, object(), len]))
    return good | {x_ph: value}, None, TypeError, exact(
        "feed_dict value for x:0 is a {}; expected {}.".format(
            type(value).__name__, expected))
  if kind == "value shape":
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, max_side=7).filter(
        lambda s: s != (N, 1)))
    return good | {x_ph: np.zeros(shape, np.float32)}, None, ValueError, exact(
        "feed_dict value for x:0 has shape {}; expected shape (6, 1).".format(
            shape))
  if kind == "value strings":
    words = draw(st.lists(unparsable_strings(), min_size=N, max_size=N))
    return (good | {x_ph: np.array(words).reshape(N, 1)}, None, ValueError,
            exact("feed_dict value for x:0 cannot be read as {}: could not "
                  "convert string to float: ".format(expected)) + ".*")
  if kind == "value ragged":
    lengths = draw(st.lists(st.integers(1, 3), min_size=N, max_size=N).filter(
        lambda ls: len(set(ls)) > 1))
    return (good | {x_ph: [[1.0] * n for n in lengths]}, None, ValueError,
            exact("feed_dict value for x:0 cannot be read as {}: ".format(
                expected)) + ".*")
  assert kind == "variables"
  value = draw(st.one_of(JUNK, st.text(max_size=6)).filter(
      lambda v: v is not None and not (isinstance(v, str) and
                                       v in ("Gen", "Disc"))))
  error = VariablesValueError if isinstance(value, str) else (
      VariablesTypeError)
  return good, value, error, exact("variables must be None, 'Gen', or "
                                   "'Disc'.")


@pytest.mark.parametrize("group", sorted(UPDATE_KINDS))
def test_refused_updates_change_nothing(pool, fuzz_count, group):
  inferences = [cls({pool.x_fake: pool.x_ph}, m.linear_disc)
                for cls in (ed.GANInference, ed.WGANInference)]
  for inference in inferences:
    inference.initialize(n_print=0)
  sess = ed.get_session()
  tf1.global_variables_initializer().run()
  variables = tf1.global_variables()
  before = sess.run(variables)

  @FUZZ
  @given(data=st.data())
  def examples(data):
    inference = data.draw(st.sampled_from(inferences))
    kind = data.draw(st.sampled_from(UPDATE_KINDS[group]))
    feed_dict, which, error, message = _update_kind(data.draw, pool, kind)
    refused(lambda: inference.update(feed_dict, which), error, message)
    fuzz_count(kind)

  examples()
  # No variable moved and no counter counted: the first good step is the
  # first step, with the losses NumPy gives for the initial weights.
  for value, after in zip(before, sess.run(variables)):
    np.testing.assert_array_equal(value, after)
  info = inferences[0].update({pool.x_ph: m.GAN_X, pool.z_ph: m.GAN_Z})
  assert info["t"] == 1
  np.testing.assert_allclose([info["loss"], info["loss_d"]],
                             m.numpy_gan_losses(), rtol=1e-5)


def test_a_step_that_fails_inside_tensorflow_leaves_t_and_variables(pool):
  inference = ed.GANInference({pool.x_fake: pool.x_ph}, m.linear_disc)
  inference.initialize(n_print=0)
  sess = ed.get_session()
  tf1.global_variables_initializer().run()
  before = sess.run(tf1.global_variables())
  for variables in (None, "Disc"):
    # z is fed but x is not: TensorFlow itself refuses the step.
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="You must feed a value for placeholder tensor "
                       "'x'"):
      inference.update({pool.z_ph: m.GAN_Z}, variables)
  assert sess.run(inference.t) == 0
  for value, after in zip(before, sess.run(tf1.global_variables())):
    np.testing.assert_array_equal(value, after)


# run ---------------------------------------------------------------------------


def test_run_refuses_bad_arguments_before_initializing(pool, fuzz_count):
  inference = ed.GANInference({pool.x_fake: m.GAN_X}, m.linear_disc)

  @settings(FUZZ, max_examples=_EXPLORE or 40)
  @given(data=st.data())
  def examples(data):
    kind = data.draw(st.sampled_from(["variables", "use_coordinator",
                                      "n_iter"]))
    if kind == "variables":
      value = data.draw(JUNK.filter(lambda v: v is not None and not (
          isinstance(v, (list, tuple)) and not v)))
      kwargs, error = {"variables": value}, TypeError
      message = exact("variables must be a list of tf.Variable to "
                      "initialize, or None for all; got {}.".format(
                          type(value).__name__))
    elif kind == "use_coordinator":
      value = data.draw(JUNK.filter(lambda v: not isinstance(v, (bool,
                                                                 int))))
      kwargs, error = {"use_coordinator": value}, TypeError
      message = exact("use_coordinator must be a bool; got {}.".format(
          type(value).__name__))
    else:
      value = data.draw(st.integers(-50, -1))
      kwargs, error = {"n_iter": value}, ValueError
      message = exact("n_iter must be non-negative; got {}.".format(value))
    refused(lambda: inference.run(**kwargs), error, message)
    fuzz_count(kind)

  examples()
  pool.z_ph_value = m.GAN_Z
  inference = ed.GANInference({pool.x_fake: m.GAN_X, pool.z_ph: m.GAN_Z},
                              m.linear_disc)
  inference.run(n_iter=3, n_print=0)
  assert m.disc_names(inference) == ["Disc/b:0", "Disc/w:0"]
  assert ed.get_session().run(inference.t) == 3
