"""Anomaly scores from a trained BiGAN (Zenati et al., 2018a, 2018b).

A BiGAN trained on normal data only scores a new x by how badly the
model explains it. "Efficient GAN-based anomaly detection" (Zenati et
al., 2018a) mixes a reconstruction and a discriminator term:

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

Zenati et al. weigh the reconstruction with alpha = 0.9. The other
kinds take no alpha:

- "alad-feature-matching", ALAD's score (Zenati et al., 2018b), for an
  inference built with `initialize(alad=True)`:
  A(x) = ||f_xx(x, x) - f_xx(x, G(E(x)))||_1, f_xx the last hidden
  layer of the cycle discriminator D_xx: how far D_xx's view of x's
  cycle is from its view of a perfect one.
- "alad-cross-entropy": A(x) = CE(D_xx(x, G(E(x))), 1)
  = softplus(-D_xx(x, G(E(x)))), D_xx's loss on taking the cycled pair
  (x, G(E(x))) for the matched pair it should look like (ALAD labels
  matched pairs 1); a decreasing function of D_xx's logit.
- "code-density": A(x) = -log p(E(x)), p a Gaussian kernel density on
  the codes E(normal_x) of normal data, its bandwidth chosen by held-out
  likelihood (every fifth normal code held out; see
  `edward_lite/criticisms/_code_density.py`).
- "combined": the mean over terms t of (s_t(x) - median_t) / IQR_t,
  where s_t are the scores above taken alone (the terms "reconstruction"
  L_G, "cross-entropy" and "feature-matching" the L_D alone,
  "alad-feature-matching", "alad-cross-entropy", "code-density"), and
  median_t and IQR_t (75th minus 25th percentile) are those of s_t on
  `normal_x`, so that no term drowns the others by its scale. On
  `normal_x` the density term is scored leave-one-out (each normal code
  by the density of the others).

The scores come from the inference's public handles,
`inference.networks` (`encode`, `reconstruct`, `discriminate`,
`discriminator_features`), and so from its averaged networks when it
keeps a moving average of the weights (`initialize(ema_decay=...)`),
unless `ema=False`.
"""

import numpy as np

from edward_lite._tf import tf1
from edward_lite.criticisms import _checks
from edward_lite.criticisms._code_density import GaussianKDE
from edward_lite.inferences.bigan_inference import BiGANInference

__all__ = ["ANOMALY_KINDS", "COMBINED_TERMS", "anomaly_detection_metrics",
           "anomaly_score"]

ANOMALY_KINDS = ("cross-entropy", "feature-matching", "alad-feature-matching",
                 "alad-cross-entropy", "code-density", "combined")

# The scores that kind="combined" can standardize and average.
COMBINED_TERMS = ("reconstruction", "cross-entropy", "feature-matching",
                  "alad-feature-matching", "alad-cross-entropy",
                  "code-density")

_NEEDS_NORMAL_X = ("code-density", "combined")


def anomaly_score(inference, x, alpha=0.9, kind="cross-entropy",
                  feed_dict=None, normal_x=None, terms=None, bandwidth=None,
                  ema=None):
  """Anomaly scores of the rows of `x` under a trained BiGAN.

  "cross-entropy" and "feature-matching" (Zenati et al., 2018a):
  A(x) = alpha * ||x - G(E(x))||_1 + (1 - alpha) * L_D(x), with
  L_D(x) = softplus(D(x, E(x))) for "cross-entropy", or
  L_D(x) = ||f(x, E(x)) - f(G(E(x)), E(x))||_1 for "feature-matching",
  f being the input of the discriminator's last matrix product.

  "alad-feature-matching" (ALAD, Zenati et al., 2018b):
  A(x) = ||f_xx(x, x) - f_xx(x, G(E(x)))||_1, f_xx the input of the
  last matrix product of the cycle discriminator D_xx.
  "alad-cross-entropy": A(x) = softplus(-D_xx(x, G(E(x)))).
  Both need `initialize(alad=True)`.

  "code-density": A(x) = -log p(E(x)), p the Gaussian kernel density
  (1/n) sum_i N(c; c_i, h^2 I) on the codes c_i = E(normal_x_i), h
  chosen by held-out likelihood unless `bandwidth` is given.

  "combined": A(x) = mean over `terms` t of (s_t(x) - median_t) / IQR_t,
  with the median and interquartile range of s_t over `normal_x`.

  Args:
    inference: an initialized `BiGANInference` whose observed data and
      prior are placeholders (or other feedable tensors), as in
      `BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator)`.
    x: np.ndarray. Observations with the shape of the observed data's
      rows; any number of them (placeholders of fixed batch size are fed
      in batches of that size).
    alpha: float in [0, 1]. Weight of the reconstruction term of
      "cross-entropy" and "feature-matching"; the other kinds ignore it.
    kind: str. One of `ANOMALY_KINDS`.
    feed_dict: dict or None. Feeds for any other placeholder the
      encoder, generator or discriminators read.
    normal_x: np.ndarray or None. Normal observations, for
      "code-density" and "combined" (which need it, and the only kinds
      that take it).
    terms: sequence of str or None. For "combined": the terms, from
      `COMBINED_TERMS`. Default ("reconstruction", "cross-entropy",
      "code-density"), plus "alad-feature-matching" when the inference
      has D_xx.
    bandwidth: float > 0 or None. The kernel density's bandwidth h;
      None chooses it on `normal_x`. Used only when the code density is
      scored (kind "code-density", or "combined" with "code-density"
      among its terms): no density is fitted otherwise.
    ema: bool or None. Score with the averaged encoder and generator;
      None does when the inference keeps an average.

  Returns:
    np.ndarray of shape (n,): higher means more anomalous.

  Raises:
    TypeError: `inference` is not a BiGANInference, or an argument has
      the wrong type.
    ValueError: `inference` is not initialized or its data cannot be
      fed, `alpha` is outside [0, 1], `kind` or a term is unknown, `x`
      or `normal_x` has the wrong shape, an ALAD kind is asked of an
      inference without D_xx, `normal_x` is missing (or given to a kind
      that does not use it), a term does not vary over `normal_x`, or
      (feature-matching) no matrix product is found in the
      discriminator.

  #### Examples

  ```python
  # inference: a BiGANInference({z_ph: zf}, {xf: x_ph}, discriminator),
  # trained on normal data only; y_test marks the anomalies of x_test.
  scores = ed.criticisms.anomaly_score(inference, x_test, alpha=0.9)
  auroc = ed.criticisms.anomaly_detection_metrics(scores, y_test)["auroc"]
  ```
  """
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
  networks = getattr(inference, "networks", None)
  if networks is None:
    raise ValueError("inference must be initialized (call initialize() "
                     "or run()) before it is scored.")
  if tf1.get_default_graph() is not networks.graph:
    raise ValueError("anomaly_score runs in the default session of the "
                     "inference's graph, which must be the default graph.")
  terms = _check_terms(kind, terms, networks)
  if (normal_x is None) == (kind in _NEEDS_NORMAL_X):
    raise ValueError(
        "normal_x is needed by kind='code-density' and kind='combined', "
        "and used by no other kind; got kind={!r} and normal_x {}.".format(
            kind, "None" if normal_x is None else "given"))
  if bandwidth is not None:
    bandwidth = _checks.check_positive("bandwidth", bandwidth)
  scorer = _Scorer(networks, feed_dict, ema)
  if kind == "cross-entropy" or kind == "feature-matching":
    return (alpha * scorer.term("reconstruction", x) +
            (1.0 - alpha) * scorer.term(kind, x))
  if kind in ("alad-feature-matching", "alad-cross-entropy"):
    return scorer.term(kind, x)
  # The density is fitted only where it is scored: a term left out of
  # `terms` must not be able to fail (too few rows to choose h, codes
  # that do not vary).
  if kind == "code-density" or "code-density" in terms:
    scorer.fit_density(normal_x, bandwidth)
  if kind == "code-density":
    return scorer.term(kind, x)
  return scorer.combined(terms, x, normal_x)


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
  """The terms of the scores, each computed once per array."""

  def __init__(self, networks, feed_dict, ema):
    self.networks = networks
    self.feed_dict = feed_dict
    self.ema = ema
    self.density = None
    self._parts = {}

  def parts(self, x):
    """(x as the networks take it, E(x), G(E(x))), computed once per x."""
    key = id(x)
    if key not in self._parts:
      codes = self.networks.encode(x, self.ema, self.feed_dict)
      x_rec = self.networks.generate(codes, self.ema, self.feed_dict)
      rows = np.asarray(x, dtype=x_rec.dtype).reshape(x_rec.shape)
      self._parts[key] = (x, rows, codes, x_rec)
    return self._parts[key][1:]

  def fit_density(self, normal_x, bandwidth):
    _, codes, _ = self.parts(normal_x)
    self.density = GaussianKDE(codes.reshape(len(codes), -1), bandwidth)

  def term(self, name, x, leave_one_out=False):
    """The score `name` (a term of COMBINED_TERMS) of the rows of `x`."""
    rows, codes, x_rec = self.parts(x)
    n = rows.shape[0]
    networks, feeds = self.networks, self.feed_dict
    if name == "reconstruction":
      values = np.abs(rows - x_rec)
    elif name == "cross-entropy":
      # softplus, written so that large logits do not overflow.
      values = np.logaddexp(0.0, _one_per_row(
          networks.discriminate(rows, codes, "xz", feeds), n))
    elif name == "alad-cross-entropy":
      values = np.logaddexp(0.0, -_one_per_row(
          networks.discriminate(rows, x_rec, "xx", feeds), n))
    elif name == "code-density":
      values = -self.density.log_density(codes.reshape(n, -1),
                                         leave_one_out=leave_one_out)
    else:
      which, pairs = {
          "feature-matching": ("xz", ((rows, codes), (x_rec, codes))),
          "alad-feature-matching": ("xx", ((rows, rows), (rows, x_rec)))}[name]
      try:
        matched, cycled = [networks.discriminator_features(a, b, which, feeds)
                           for a, b in pairs]
      except ValueError as error:
        raise ValueError("kind={!r} needs the discriminator's last hidden "
                         "layer: {}".format(name, error)) from error
      values = np.abs(matched.astype(np.float64) - cycled)
    return np.sum(np.asarray(values, np.float64).reshape(n, -1), axis=1)

  def combined(self, terms, x, normal_x):
    """The mean of the terms, each standardized on normal data."""
    total = 0.0
    for name in terms:
      normal = self.term(name, normal_x, leave_one_out=True)
      low, median, high = np.percentile(normal, [25.0, 50.0, 75.0])
      if not high > low:
        raise ValueError(
            "the term {!r} does not vary over normal_x (its interquartile "
            "range is 0), so it cannot be standardized; leave it out of "
            "terms.".format(name))
      total = total + (self.term(name, x) - median) / (high - low)
    return total / len(terms)


def _one_per_row(logits, n):
  if logits.size != n:
    raise ValueError("the discriminator must give one logit per pair; "
                     "got shape {}.".format(logits.shape))
  return logits.reshape(n).astype(np.float64)


def _check_terms(kind, terms, networks):
  """The terms of "combined", checked; refuses terms for other kinds."""
  has_xx = "xx" in networks.discriminator_names
  if kind in ("alad-feature-matching", "alad-cross-entropy") and not has_xx:
    raise ValueError("kind={!r} needs ALAD's discriminator D_xx: initialize "
                     "the inference with alad=True.".format(kind))
  if kind != "combined":
    if terms is not None:
      raise ValueError("terms is for kind='combined'; got kind={!r}.".format(
          kind))
    return None
  if terms is None:
    terms = ("reconstruction", "cross-entropy", "code-density")
    return terms + (("alad-feature-matching",) if has_xx else ())
  if isinstance(terms, str) or not hasattr(terms, "__iter__"):
    raise TypeError("terms must be a sequence of str; got {!r}.".format(terms))
  terms = tuple(terms)
  if not terms:
    raise ValueError("terms must name at least one term.")
  for term in terms:
    if term not in COMBINED_TERMS:
      raise ValueError("terms must be drawn from {}; got {!r}.".format(
          ", ".join(repr(t) for t in COMBINED_TERMS), term))
    if term.startswith("alad-") and not has_xx:
      raise ValueError("the term {!r} needs ALAD's discriminator D_xx: "
                       "initialize the inference with alad=True.".format(term))
  return terms
