"""inception_style_score and mixture_class_probabilities by hand."""

import numpy as np
import pytest

from edward_lite.criticisms import (
    inception_style_score, mixture_class_probabilities)


@pytest.mark.parametrize("probs,expected", [
    # Certain and spread evenly over K classes: the maximum, K.
    ([[1.0, 0.0], [0.0, 1.0]], 2.0),
    (np.eye(5), 5.0),
    # Everyone gets the same distribution: the minimum, 1.
    ([[0.5, 0.5], [0.5, 0.5]], 1.0),
    ([[1.0, 0.0], [1.0, 0.0]], 1.0),
    # Certain but 3:1 over two classes: p_bar = (3/4, 1/4), the KLs are
    # log(4/3) three times and log 4 once, so IS = (4/3)^(3/4) 4^(1/4)
    # = 4 / 3^(3/4).
    ([[1.0, 0.0]] * 3 + [[0.0, 1.0]], 4.0 / 3.0 ** 0.75),
    # Unsure rows: (0.5, 0.5) and (1, 0): p_bar = (3/4, 1/4);
    # KL_1 = 0.5 log(2/3) + 0.5 log 2, KL_2 = log(4/3).
    ([[0.5, 0.5], [1.0, 0.0]],
     np.exp(0.5 * (0.5 * np.log(2 / 3) + 0.5 * np.log(2) + np.log(4 / 3)))),
])
def test_inception_style_score_by_hand(probs, expected):
  assert inception_style_score(probs) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("probs,message", [
    ([0.5, 0.5], r"probs must be a non-empty array of shape \(n, K\)"),
    (np.zeros((0, 3)), r"probs must be a non-empty array of shape \(n, K\)"),
    ([[1.5, -0.5]], "probs must be finite and non-negative"),
    ([[np.nan, 1.0]], "probs must be finite and non-negative"),
    ([[0.5, 0.5], [0.6, 0.6]], "probs rows must sum to 1; row 1 sums to 1.2"),
])
def test_bad_probabilities_are_refused(probs, message):
  with pytest.raises(ValueError, match=message):
    inception_style_score(probs)


def test_mixture_class_probabilities_by_hand():
  # x = 0 with centres 0 and 2, std 1: logits 0 and -2.
  probs = mixture_class_probabilities([[0.0]], [[0.0], [2.0]], std=1.0)
  expected = np.array([1.0, np.exp(-2.0)]) / (1.0 + np.exp(-2.0))
  np.testing.assert_allclose(probs, [expected], rtol=1e-12)
  # Halfway between two centres: one half each, whatever the std.
  probs = mixture_class_probabilities([[1.0, 1.0]], [[0.0, 0.0], [2.0, 2.0]],
                                      std=0.01)
  np.testing.assert_allclose(probs, [[0.5, 0.5]], rtol=1e-12)


def test_far_samples_do_not_underflow_to_nan():
  # exp(-1e4 / 0.08) underflows; the shifted softmax still gives 1 and 0.
  probs = mixture_class_probabilities([[100.0]], [[0.0], [1.0]], std=0.2)
  np.testing.assert_array_equal(probs, [[0.0, 1.0]])


def test_mixture_draws_score_nearly_the_number_of_modes():
  from edward_lite.datasets import mixture_2d_5, mixture_2d_5_centers
  samples = mixture_2d_5(2000, seed=0)
  probs = mixture_class_probabilities(samples, mixture_2d_5_centers(), 0.2)
  # Modes 2*sqrt(2) apart with std 0.2 are told apart almost surely, so
  # the score is exp(H(p_bar)) for the empirical mode frequencies.
  counts = np.bincount(np.argmax(probs, axis=1), minlength=5) / 2000.0
  entropy = -np.sum(counts * np.log(counts))
  assert inception_style_score(probs) == pytest.approx(np.exp(entropy),
                                                       rel=1e-6)


def test_mixture_class_probabilities_refuses_bad_input():
  with pytest.raises(ValueError, match="std must be a finite number > 0"):
    mixture_class_probabilities([[0.0]], [[0.0]], std=-1.0)
  with pytest.raises(ValueError, match=r"samples must have 2 column\(s\)"):
    mixture_class_probabilities([[0.0]], [[0.0, 1.0]], std=1.0)
  with pytest.raises(ValueError, match="samples must be finite"):
    mixture_class_probabilities([[np.inf]], [[0.0]], std=1.0)
