"""A built BiGAN's networks as functions of NumPy arrays.

`BiGANInference.initialize` sets `inference.networks`, a `BiGANNetworks`:
the encoder, the generator, their cycle and the discriminators, run on
arrays in the default session. They run the inference's own tensors:
E(x) by feeding the observed-data tensor, G(z) by feeding the prior's
tensor, and a discriminator by one more application of the user's
function under its variable scope, with `reuse=True`, on placeholders
of its own (built the first time it is asked for, then reused).
"""

import numpy as np

from edward_lite._tf import tf, tf1
from edward_lite.util.graph_walk import upstream_tensors
from edward_lite.util.graphs import get_session

__all__ = ["BiGANNetworks", "last_matmul_input"]


class BiGANNetworks(object):
  """The encoder, generator and discriminators of a BiGAN, on arrays.

  Made by `BiGANInference.initialize` as `inference.networks`; the
  numbers are those of the same tensors run by `sess.run`. When the
  inference keeps a moving average of the weights
  (`initialize(ema_decay=...)`), `encode`, `generate` and `reconstruct`
  use the averaged weights unless told otherwise.

  Attributes:
    graph: tf.Graph. The inference's graph, which must be the default
      graph when the networks run.
    averaged: bool. Whether averaged copies of the networks exist.
    averaged_tensors: dict or None. With a moving average, the averaged
      copies of the inference's tensors: "encoding" E(x) (fed like the
      observed data), "generation" G(z) (fed like the prior's tensor)
      and "reconstruction" G(E(x)).
    discriminator_names: tuple of str. The discriminators `discriminate`
      takes: "xz", the BiGAN discriminator of (x, z) pairs, and with
      `initialize(alad=True)` also ALAD's "xx" of (x, x') and "zz" of
      (z, z') pairs.
  """

  def __init__(self, inference, discriminators, averaged=None):
    """Collects the tensors; builds nothing.

    Args:
      inference: the BiGANInference, built.
      discriminators: dict. Name -> (callable, tf.VariableScope).
      averaged: dict or None. "encoding", "generation" and
        "reconstruction" -> the averaged copies of E(x), G(z), G(E(x)).
    """
    self._x_true, self._x_fake = inference._observed_pair()  # pylint: disable=protected-access
    z_true, self._z_fake = inference._latent_pair()  # pylint: disable=protected-access
    self._z_true = tf.convert_to_tensor(z_true)
    self._graph = self._x_fake.graph
    self._placeholder_feeds = inference._placeholder_feeds()  # pylint: disable=protected-access
    self._discriminators = dict(discriminators)
    self._averaged = averaged
    self._pairs = {}
    self._features = {}
    self.graph = self._graph
    self.averaged = averaged is not None
    self.averaged_tensors = dict(averaged) if self.averaged else None
    self.discriminator_names = tuple(
        name for name in ("xz", "xx", "zz") if name in discriminators)

  def encode(self, x, ema=None, feed_dict=None):
    """E(x): the codes of the rows of `x`.

    Args:
      x: np.ndarray. Rows of the observed data's shape, any number.
      ema: bool or None. Use the averaged weights; None does when they
        exist.
      feed_dict: dict or None. Feeds for other placeholders the encoder
        reads.

    Returns:
      np.ndarray, one code per row.

    Raises:
      TypeError, ValueError: `x` has the wrong shape or type, `ema` is
        True with no average, the observed data cannot be fed, or the
        default graph is not the inference's.
    """
    fetch = self._pick("encoding", self._z_fake, ema)
    x = self._rows("x", x, self._x_true)
    return self._run(fetch, self._x_true, x, feed_dict)

  def generate(self, z, ema=None, feed_dict=None):
    """G(z): the data the generator makes from the rows of `z`.

    Args:
      z: np.ndarray. Rows of the prior's shape, any number.
      ema: bool or None. As in `encode`.
      feed_dict: dict or None. Feeds for other placeholders the
        generator reads.

    Returns:
      np.ndarray, one generated example per row.

    Raises:
      TypeError, ValueError: as `encode`.
    """
    fetch = self._pick("generation", self._x_fake, ema)
    z = self._rows("z", z, self._z_true)
    return self._run(fetch, self._z_true, z, feed_dict)

  def reconstruct(self, x, ema=None, feed_dict=None):
    """G(E(x)): the generator's output at the codes of the rows of `x`.

    Computed as `generate(encode(x))`, the codes passing through NumPy
    unchanged, so that the result is that of the tensors G(z) and E(x).

    Args:
      x: np.ndarray. Rows of the observed data's shape, any number.
      ema: bool or None. As in `encode`.
      feed_dict: dict or None. Feeds for other placeholders.

    Returns:
      np.ndarray of the shape of `x`.

    Raises:
      TypeError, ValueError: as `encode`.
    """
    return self.generate(self.encode(x, ema, feed_dict), ema, feed_dict)

  def discriminate(self, x, z, which="xz", feed_dict=None):
    """The logits a discriminator gives the pairs (x_i, z_i).

    Args:
      x: np.ndarray. First members of the pairs: data for "xz" and
        "xx", codes for "zz".
      z: np.ndarray. Second members, as many: codes for "xz" and "zz",
        data for "xx".
      which: str. One of `discriminator_names`.
      feed_dict: dict or None. Feeds for other placeholders.

    Returns:
      np.ndarray: shape (n,) when the discriminator gives one number per
      pair, else its output's shape.

    Raises:
      TypeError, ValueError: an argument has the wrong shape, type or
        value, or the default graph is not the inference's.
    """
    first, second, logits = self._pair(which)
    values = self._pair_values(first, second, x, z)
    output = np.asarray(self._session().run(
        logits, self._feeds(feed_dict, dict(zip((first, second), values)))))
    n = values[0].shape[0]
    return output.reshape(n) if output.size == n else output

  def discriminator_features(self, x, z, which="xz", feed_dict=None):
    """A discriminator's last hidden features of the pairs (x_i, z_i).

    The features are the input of the discriminator's last matrix
    product, found by walking back from its logits along the one input
    that depends on the pair (a bias or a weight does not).

    Args:
      x, z, which, feed_dict: as in `discriminate`.

    Returns:
      np.ndarray: one row of features per pair.

    Raises:
      ValueError: no matrix product is found walking back, or as
        `discriminate`.
    """
    first, second, logits = self._pair(which)
    if which not in self._features:
      self._features[which] = last_matmul_input(logits, [first, second])
    values = self._pair_values(first, second, x, z)
    return np.asarray(self._session().run(
        self._features[which],
        self._feeds(feed_dict, dict(zip((first, second), values)))))

  def _pick(self, name, tensor, ema):
    if ema is not None and not isinstance(ema, bool):
      raise TypeError("ema must be True, False or None; got {!r}.".format(ema))
    if ema and not self.averaged:
      raise ValueError("ema=True needs a moving average of the weights: "
                       "initialize the inference with ema_decay=...")
    if ema is False or not self.averaged:
      return tensor
    return self._averaged[name]

  def _pair(self, which):
    """(first placeholder, second placeholder, logits) of a discriminator."""
    if which not in self._discriminators:
      raise ValueError("which must be one of {}; got {!r}.".format(
          ", ".join(repr(n) for n in self.discriminator_names), which))
    if which not in self._pairs:
      discriminator, scope = self._discriminators[which]
      like = {"xz": (self._x_true, self._z_fake),
              "xx": (self._x_true, self._x_true),
              "zz": (self._z_fake, self._z_fake)}[which]
      with self._graph.as_default(), tf1.name_scope("networks"):
        first, second = [
            tf1.placeholder(t.dtype.base_dtype, [None] + t.shape.as_list()[1:],
                            name="{}_{}".format(which, i))
            for i, t in enumerate(like)]
        with tf1.variable_scope(scope, reuse=True):
          logits = tf.convert_to_tensor(discriminator(first, second))
      self._pairs[which] = (first, second, logits)
    return self._pairs[which]

  def _pair_values(self, first, second, x, z):
    x = self._rows("x", x, first)
    z = self._rows("z", z, second)
    if x.shape[0] != z.shape[0]:
      raise ValueError("x and z must hold as many rows; got {} and {}.".format(
          x.shape[0], z.shape[0]))
    return x, z

  @staticmethod
  def _rows(name, values, tensor):
    row_shape = tuple(tensor.shape.as_list()[1:])
    try:
      values = np.asarray(values, dtype=tensor.dtype.base_dtype.as_numpy_dtype)
    except (TypeError, ValueError) as error:
      raise TypeError("{} must be an array of numbers; got {}.".format(
          name, type(values).__name__)) from error
    if values.ndim == 1 and row_shape == (1,):
      values = values[:, None]  # n scalars of a 1-D toy set.
    if (values.ndim == 0 or values.shape[0] == 0 or
        not _fits(values.shape[1:], row_shape)):
      raise ValueError("{} must hold rows of shape {}; got shape {}.".format(
          name, row_shape, values.shape))
    return values

  def _session(self):
    if tf1.get_default_graph() is not self._graph:
      raise ValueError("the networks run in the default session of the "
                       "inference's graph, which must be the default graph.")
    return get_session()

  def _feeds(self, feed_dict, extra):
    if feed_dict is not None and not isinstance(feed_dict, dict):
      raise TypeError("feed_dict must be a dict or None; got {}.".format(
          type(feed_dict).__name__))
    # The data's bound values first, so that the caller's feed_dict can
    # override one (e.g. an is_training placeholder set False to score).
    feeds = dict(self._placeholder_feeds)
    feeds.update(feed_dict or {})
    feeds.update(extra)
    return feeds

  def _run(self, fetch, feed, values, feed_dict):
    """Runs `fetch` with `feed` set to `values`, in batches if `feed` needs.

    A tensor of fixed batch size b takes `values` b rows at a time; the
    last batch is padded with copies of its last row, whose outputs are
    dropped.
    """
    sess = self._session()
    if not (isinstance(feed, tf.Tensor) and self._graph.is_feedable(feed)):
      raise ValueError("the networks feed the inference's observed data and "
                       "prior's tensor with new values, so each must be a "
                       "placeholder or another feedable tensor; got "
                       "{!r}.".format(feed))
    feeds = self._feeds(feed_dict, {})
    batch = feed.shape.as_list()[0] if feed.shape.ndims else None
    if batch is None:
      feeds[feed] = values
      return np.asarray(sess.run(fetch, feeds))
    outputs = []
    for start in range(0, len(values), batch):
      chunk = values[start:start + batch]
      n_rows = len(chunk)
      if n_rows < batch:
        padding = np.repeat(chunk[-1:], batch - n_rows, axis=0)
        chunk = np.concatenate([chunk, padding], axis=0)
      feeds[feed] = chunk
      outputs.append(np.asarray(sess.run(fetch, feeds))[:n_rows])
    return np.concatenate(outputs, axis=0)


def _fits(shape, static_shape):
  return len(shape) == len(static_shape) and all(
      want is None or want == got for got, want in zip(shape, static_shape))


def last_matmul_input(logits, inputs):
  """The features a discriminator's last matrix product reads.

  Walks back from the logits along the one input that depends on the
  discriminator's inputs (the other inputs of, e.g., BiasAdd or MatMul
  are variables) until a matrix product.

  Args:
    logits: tf.Tensor. The discriminator's output.
    inputs: list of tf.Tensor. The tensors it was applied to.

  Returns:
    tf.Tensor: the first input of that matrix product.

  Raises:
    ValueError: if the walk finds no matrix product, or the path forks.
  """
  input_keys = {(t.op.name, t.value_index) for t in inputs}

  def is_input(tensor):
    return (tensor.op.name, tensor.value_index) in input_keys

  # Whether each tensor upstream of the logits depends on the inputs.
  depends = {}
  for tensor in upstream_tensors(logits, stop=is_input):
    depends[tensor.ref()] = is_input(tensor) or any(
        depends.get(t.ref(), False) for t in tensor.op.inputs)

  op = logits.op
  while op.type not in ("MatMul", "BatchMatMulV2", "BatchMatMul"):
    path = [t for t in op.inputs if depends.get(t.ref(), False)]
    if (len(path) != 1 or
        (path[0].op.name, path[0].value_index) in input_keys):
      raise ValueError(
          "the discriminator's last hidden layer, the input of its final "
          "matrix product, was not found walking back from {} (stopped at "
          "{} op {}).".format(logits.name, op.type, op.name))
    op = path[0].op
  return op.inputs[0]
