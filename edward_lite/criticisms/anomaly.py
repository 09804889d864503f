"""Anomaly scores from a trained BiGAN (Zenati et al., 2018).

"Efficient GAN-based anomaly detection" trains a BiGAN on normal data
only, then scores a new x by how badly the model explains it:

    A(x) = alpha * L_G(x) + (1 - alpha) * L_D(x),
    L_G(x) = ||x - G(E(x))||_1,

with L_D(x) one of

- "cross-entropy": the discriminator's loss on the data pair (x, E(x)).
  Edward's discriminator labels data pairs 0 and model pairs 1, so this
  is CE(D(x, E(x)), 0) = softplus(D(x, E(x))) = log(1 + exp(D(x, E(x)))),
  large when the discriminator takes the pair for a model pair.
- "feature-matching": ||f(x, E(x)) - f(G(E(x)), E(x))||_1, where f is
  the discriminator's last hidden layer, the input of its final matrix
  product.

Zenati et al. weigh the reconstruction with alpha = 0.9. The scores
come from the inference's own tensors: E(x) and G(E(x)) by feeding the
observed-data and prior tensors the inference was built with, and D by
one more application of the discriminator under its "Disc" scope, built
the first time an inference is scored and reused afterwards.
"""

import weakref

import numpy as np

from edward_lite._tf import tf, tf1
from edward_lite.criticisms import _checks
from edward_lite.util.graphs import get_session

__all__ = ["ANOMALY_KINDS", "anomaly_detection_metrics", "anomaly_score"]

ANOMALY_KINDS = ("cross-entropy", "feature-matching")

# One set of scoring ops per inference, dropped with the inference.
_SCORERS = weakref.WeakKeyDictionary()


def anomaly_score(inference, x, alpha=0.9, kind="cross-entropy",
                  feed_dict=None):
  """Anomaly scores of the rows of `x` under a trained BiGAN.

  A(x) = alpha * ||x - G(E(x))||_1 + (1 - alpha) * L_D(x), with
  L_D(x) = softplus(D(x, E(x))) for "cross-entropy", or
  L_D(x) = ||f(x, E(x)) - f(G(E(x)), E(x))||_1 for "feature-matching",
  f being the input of the discriminator's last matrix product.

  Args:
    inference: an initialized `BiGANInference` whose observed data and
      prior are placeholders (or other feedable tensors), as in
      `BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)`.
    x: np.ndarray. Observations with the shape of the observed data's
      rows; any number of them (placeholders of fixed batch size are fed
      in batches of that size).
    alpha: float in [0, 1]. Weight of the reconstruction term.
    kind: str. "cross-entropy" or "feature-matching".
    feed_dict: dict or None. Feeds for any other placeholder the
      encoder, generator or discriminator reads.

  Returns:
    np.ndarray of shape (n,): higher means more anomalous.

  Raises:
    TypeError: `inference` is not a BiGANInference, or `x` does not hold
      numbers.
    ValueError: `inference` is not initialized or its data cannot be
      fed, `alpha` is outside [0, 1], `kind` is unknown, `x` has the
      wrong shape, or (feature-matching) no matrix product is found in
      the discriminator.

  #### Examples

  ```python
  # inference: a BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator),
  # trained on normal data only; y_test marks the anomalies of x_test.
  scores = ed.criticisms.anomaly_score(inference, x_test, alpha=0.9)
  auroc = ed.criticisms.anomaly_detection_metrics(scores, y_test)["auroc"]
  ```
  """
  from edward_lite.inferences.bigan_inference import BiGANInference  # pylint: disable=g-import-not-at-top
  if not isinstance(inference, BiGANInference):
    raise TypeError("inference must be a BiGANInference; got {}.".format(
        type(inference).__name__))
  alpha = _checks.check_fraction("alpha", alpha)
  if kind not in ANOMALY_KINDS:
    raise ValueError("kind must be one of {}; got {!r}.".format(
        ", ".join(repr(k) for k in ANOMALY_KINDS), kind))
  if feed_dict is not None and not isinstance(feed_dict, dict):
    raise TypeError("feed_dict must be a dict or None; got {}.".format(
        type(feed_dict).__name__))
  scorer = _SCORERS.get(inference)
  if scorer is None:
    scorer = _Scorer(inference)
    _SCORERS[inference] = scorer
  return scorer.score(x, alpha, kind, feed_dict or {})


def anomaly_detection_metrics(scores, is_anomaly):
  """Areas under the ROC and precision-recall curves of anomaly scores.

  auroc = P(score of an anomaly > score of a normal example), ties
  counting one half; auprc is scikit-learn's average precision,
  sum_k (R_k - R_{k-1}) P_k over the thresholds k, anomalies being the
  positive class.

  Args:
    scores: array of shape (n,). Higher means more anomalous.
    is_anomaly: array of shape (n,) of bools or 0/1. Must hold both.

  Returns:
    dict with floats "auroc" and "auprc".

  Raises:
    ValueError: shapes differ, or `is_anomaly` holds a single class.

  #### Examples

  ```python
  metrics = ed.criticisms.anomaly_detection_metrics(
      [0.1, 0.4, 0.35, 0.8], [False, False, True, True])
  # auroc: 3 of the 4 (anomaly, normal) pairs are ordered right, 0.75.
  # auprc: precision 1 at recall 1/2, 2/3 at recall 1: 0.5 + 1/3.
  ```
  """
  from sklearn.metrics import average_precision_score, roc_auc_score  # pylint: disable=g-import-not-at-top
  scores = np.asarray(scores, dtype=np.float64)
  is_anomaly = np.asarray(is_anomaly)
  if scores.ndim != 1 or is_anomaly.shape != scores.shape:
    raise ValueError("scores and is_anomaly must be 1-D arrays of one "
                     "length; got shapes {} and {}.".format(
                         scores.shape, is_anomaly.shape))
  is_anomaly = is_anomaly.astype(bool)
  if is_anomaly.all() or not is_anomaly.any():
    raise ValueError("is_anomaly must hold both anomalies and normal "
                     "examples.")
  return {"auroc": float(roc_auc_score(is_anomaly, scores)),
          "auprc": float(average_precision_score(is_anomaly, scores))}


class _Scorer(object):
  """The tensors and the one extra discriminator call an inference needs."""

  def __init__(self, inference):
    if not hasattr(inference, "_disc_variable_scope"):
      raise ValueError("inference must be initialized (call initialize() "
                       "or run()) before it is scored.")
    self.x_true, self.x_fake = inference._observed_pair()  # pylint: disable=protected-access
    z_true, self.z_fake = inference._latent_pair()  # pylint: disable=protected-access
    self.z_true = tf.convert_to_tensor(z_true)
    self.graph = self.x_fake.graph
    for name, tensor in (("observed data", self.x_true),
                         ("prior's tensor", self.z_true)):
      if (not isinstance(tensor, tf.Tensor) or
          not self.graph.is_feedable(tensor)):
        raise ValueError(
            "anomaly_score feeds the inference's {} with new values, so it "
            "must be a placeholder or another feedable tensor; got "
            "{!r}.".format(name, tensor))
    self.placeholder_feeds = inference._placeholder_feeds()  # pylint: disable=protected-access
    with self.graph.as_default(), tf1.name_scope("anomaly_score"):
      self.x_pair = tf1.placeholder(self.x_true.dtype,
                                    [None] + self.x_true.shape.as_list()[1:],
                                    name="x")
      self.z_pair = tf1.placeholder(self.z_fake.dtype,
                                    [None] + self.z_fake.shape.as_list()[1:],
                                    name="code")
      with tf1.variable_scope(inference._disc_variable_scope, reuse=True):  # pylint: disable=protected-access
        self.logits = tf.convert_to_tensor(
            inference.discriminator(self.x_pair, self.z_pair))
    self._features = None

  def features(self):
    if self._features is None:
      self._features = _last_matmul_input(self.logits,
                                          [self.x_pair, self.z_pair])
    return self._features

  def score(self, x, alpha, kind, feed_dict):
    row_shape = tuple(self.x_true.shape.as_list()[1:])
    try:
      x = np.asarray(x, dtype=self.x_true.dtype.as_numpy_dtype)
    except (TypeError, ValueError) as error:
      raise TypeError("x must be an array of numbers; got {}.".format(
          type(x).__name__)) from error
    if x.ndim == 1 and row_shape == (1,):
      x = x[:, None]  # n scalars of a 1-D toy set.
    if x.ndim == 0 or x.shape[0] == 0 or not _fits(x.shape[1:], row_shape):
      raise ValueError("x must hold rows of shape {}; got shape {}.".format(
          row_shape, x.shape))
    if tf1.get_default_graph() is not self.graph:
      raise ValueError("anomaly_score runs in the default session of the "
                       "inference's graph, which must be the default graph.")
    sess = get_session()
    feeds = dict(feed_dict)
    feeds.update(self.placeholder_feeds)
    codes = _run_batched(sess, self.z_fake, self.x_true, x, feeds)
    x_rec = _run_batched(sess, self.x_fake, self.z_true, codes, feeds)
    n = x.shape[0]
    residual = np.sum(np.abs(x - x_rec).reshape(n, -1), axis=1)
    if kind == "cross-entropy":
      logits = self._run_pair(sess, self.logits, x, codes, feeds)
      if logits.size != n:
        raise ValueError("the discriminator must give one logit per pair; "
                         "got shape {}.".format(logits.shape))
      # softplus, written so that large logits do not overflow.
      discrimination = np.logaddexp(0.0, logits.reshape(n))
    else:
      features = self.features()
      data_features = self._run_pair(sess, features, x, codes, feeds)
      model_features = self._run_pair(sess, features, x_rec, codes, feeds)
      discrimination = np.sum(
          np.abs(data_features - model_features).reshape(n, -1), axis=1)
    return (alpha * residual + (1.0 - alpha) * discrimination).astype(
        np.float64)

  def _run_pair(self, sess, fetch, x, codes, feeds):
    pair_feeds = dict(feeds)
    pair_feeds[self.x_pair] = x
    pair_feeds[self.z_pair] = codes
    return np.asarray(sess.run(fetch, pair_feeds), dtype=np.float64)


def _fits(shape, static_shape):
  return len(shape) == len(static_shape) and all(
      want is None or want == got for got, want in zip(shape, static_shape))


def _run_batched(sess, fetch, feed, values, feeds):
  """Runs `fetch` with `feed` set to `values`, in batches if `feed` needs.

  A placeholder of fixed batch size b takes `values` b rows at a time;
  the last batch is padded with copies of its last row, whose outputs
  are dropped.
  """
  batch = feed.shape.as_list()[0] if feed.shape.ndims else None
  if batch is None:
    run_feeds = dict(feeds)
    run_feeds[feed] = values
    return sess.run(fetch, run_feeds)
  outputs = []
  for start in range(0, len(values), batch):
    chunk = values[start:start + batch]
    n_rows = len(chunk)
    if n_rows < batch:
      padding = np.repeat(chunk[-1:], batch - n_rows, axis=0)
      chunk = np.concatenate([chunk, padding], axis=0)
    run_feeds = dict(feeds)
    run_feeds[feed] = chunk
    outputs.append(sess.run(fetch, run_feeds)[:n_rows])
  return np.concatenate(outputs, axis=0)


def _last_matmul_input(logits, inputs):
  """The features the discriminator's last matrix product reads.

  Walks back from the logits along the one input that depends on the
  discriminator's inputs (the other inputs of, e.g., BiasAdd or MatMul
  are variables) until a matrix product.
  """
  input_keys = {(t.op.name, t.value_index) for t in inputs}
  depends = {}

  def data_dependent(tensor):
    if (tensor.op.name, tensor.value_index) in input_keys:
      return True
    stack = [tensor.op]
    while stack:
      op = stack[-1]
      if op in depends:
        stack.pop()
        continue
      pending = [t.op for t in op.inputs
                 if (t.op.name, t.value_index) not in input_keys and
                 t.op not in depends]
      if pending:
        stack.extend(pending)
        continue
      stack.pop()
      depends[op] = any((t.op.name, t.value_index) in input_keys or
                        depends[t.op] for t in op.inputs)
    return depends[tensor.op]

  op = logits.op
  while op.type not in ("MatMul", "BatchMatMulV2", "BatchMatMul"):
    path = [t for t in op.inputs if data_dependent(t)]
    if (len(path) != 1 or
        (path[0].op.name, path[0].value_index) in input_keys):
      raise ValueError(
          "kind='feature-matching' needs the discriminator's last hidden "
          "layer, the input of its final matrix product; none was found "
          "walking back from {} (stopped at {} op {}).".format(
              logits.name, op.type, op.name))
    op = path[0].op
  return op.inputs[0]
