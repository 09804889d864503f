"""Inception-style scores from a classifier's class probabilities.

The inception score (Salimans et al., 2016) asks two things of a
generator at once: each sample should be classified confidently (low
entropy of p(y | x)), and the samples together should spread over the
classes (high entropy of the marginal p(y)). With any classifier in
place of the Inception network it reads

    IS = exp( (1/n) sum_i KL( p(y | x_i) || p_bar(y) ) ),
    p_bar(y) = (1/n) sum_i p(y | x_i),

with 0 * log 0 = 0. It lies between 1 (every sample given the same
class distribution) and K, the number of classes (each sample certain
of its class, the classes used equally). ALICE (Li et al., 2017) scores
its five-mode toy mixture so, with a classifier of the mixture's
components; `mixture_class_probabilities` is the exact one.
"""

import numpy as np

from edward_lite.criticisms import _checks

__all__ = ["inception_style_score", "mixture_class_probabilities"]

# Rows of probabilities may be off by rounding (float32 softmax).
_SUM_TOLERANCE = 1e-3


def inception_style_score(probs):
  """The inception score of samples, from their class probabilities.

  IS = exp( (1/n) sum_i sum_k p_ik (log p_ik - log p_bar_k) ),
  p_bar_k = (1/n) sum_i p_ik, and 0 * log 0 = 0.

  Args:
    probs: array of shape (n, K). Row i is a classifier's p(y | x_i) for
      sample x_i: non-negative, summing to 1 (within 1e-3).

  Returns:
    float in [1, K].

  Raises:
    TypeError: `probs` does not hold numbers.
    ValueError: `probs` is not 2-D, is empty, has a negative, non-finite
      or badly normalized row.

  #### Examples

  ```python
  certain = ed.criticisms.inception_style_score(
      [[1.0, 0.0], [0.0, 1.0]])  # 2.0, K: certain, both classes used
  undecided = ed.criticisms.inception_style_score(
      [[0.5, 0.5], [0.5, 0.5]])  # 1.0: every sample alike
  between = ed.criticisms.inception_style_score(
      [[0.9, 0.1], [0.2, 0.8]])  # between 1 and 2
  ```
  """
  probs = _check_probabilities(probs)
  marginal = np.mean(probs, axis=0)
  # Where p_ik = 0 the term is 0; elsewhere p_bar_k >= p_ik / n > 0.
  positive = probs > 0
  ratio = np.where(positive, probs, 1.0) / np.where(positive, marginal, 1.0)
  kl = np.sum(np.where(positive, probs * np.log(ratio), 0.0), axis=1)
  return float(np.exp(np.mean(kl)))


def mixture_class_probabilities(samples, centers, std):
  """p(component | x) under an equal-weight isotropic Gaussian mixture.

  p(k | x) = exp(-||x - mu_k||^2 / (2 std^2)) /
             sum_j exp(-||x - mu_j||^2 / (2 std^2)),

  the Bayes classifier of the toy mixtures' components, which no trained
  classifier can beat: the "perfect classifier" that ALICE trained for
  its inception score.

  Args:
    samples: array of shape (n, d), or (n,) for d = 1.
    centers: array of shape (K, d), or (K,) for d = 1.
    std: float > 0. Standard deviation of each component on each axis.

  Returns:
    np.ndarray of shape (n, K), rows summing to 1.

  Raises:
    TypeError: an argument has the wrong type.
    ValueError: an array is empty, the dimensions differ, or `std` is not
      a finite number > 0.

  #### Examples

  ```python
  probs = ed.criticisms.mixture_class_probabilities(
      [[1.0, 0.0], [0.0, 0.0]], centers=[[0.0, 0.0], [2.0, 0.0]], std=1.0)
  # Row 0, halfway: [0.5, 0.5]. Row 1, on centre 0:
  # [1, exp(-2)] / (1 + exp(-2)) = [0.881, 0.119].
  ```
  """
  std = _checks.check_positive("std", std)
  centers = _checks.as_matrix("centers", centers)
  samples = _checks.as_matrix("samples", samples, dimension=centers.shape[1])
  if not np.all(np.isfinite(samples)):
    raise ValueError("samples must be finite.")
  squared = np.sum((samples[:, None, :] - centers[None, :, :]) ** 2, axis=-1)
  logits = -squared / (2.0 * std ** 2)
  # Shifting by the row's maximum keeps exp from underflowing to 0/0.
  logits -= np.max(logits, axis=1, keepdims=True)
  weights = np.exp(logits)
  return weights / np.sum(weights, axis=1, keepdims=True)


def _check_probabilities(probs):
  try:
    probs = np.asarray(probs, dtype=np.float64)
  except (TypeError, ValueError) as error:
    raise TypeError("probs must be an array of numbers; got {}.".format(
        type(probs).__name__)) from error
  if probs.ndim != 2 or probs.shape[0] == 0 or probs.shape[1] == 0:
    raise ValueError("probs must be a non-empty array of shape (n, K); got "
                     "shape {}.".format(probs.shape))
  if not np.all(np.isfinite(probs)) or np.any(probs < 0):
    raise ValueError("probs must be finite and non-negative.")
  sums = np.sum(probs, axis=1)
  worst = int(np.argmax(np.abs(sums - 1.0)))
  if abs(sums[worst] - 1.0) > _SUM_TOLERANCE:
    raise ValueError("probs rows must sum to 1; row {} sums to {}.".format(
        worst, sums[worst]))
  return probs
