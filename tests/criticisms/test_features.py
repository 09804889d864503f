"""nearest_neighbor_accuracy and frechet_distance against NumPy and
closed forms."""

import numpy as np
import pytest

from edward_lite.criticisms import features as features_module
from edward_lite.criticisms import (frechet_distance,
                                    nearest_neighbor_accuracy)


def _brute_force_1nn(train, labels, test):
  distances = np.linalg.norm(test[:, None, :] - train[None, :, :], axis=-1)
  return labels[np.argmin(distances, axis=1)]


def test_nearest_neighbor_accuracy_by_hand():
  # 4.0 is nearer 0.0 (label 0) than 10.0, though it is labelled 1.
  assert nearest_neighbor_accuracy([[0.0], [10.0]], [0, 1],
                                   [[1.0], [6.0], [4.0]], [0, 1, 1]) == (
                                       pytest.approx(2.0 / 3.0))


@pytest.mark.parametrize("block", [1, 7, 512])
def test_nearest_neighbor_accuracy_matches_brute_force(monkeypatch, block):
  # Blocks of test rows (smaller than the test set, or not dividing it)
  # must not change the answer.
  monkeypatch.setattr(features_module, "_BLOCK", block)
  rng = np.random.RandomState(0)
  train = rng.randn(300, 5)
  labels = rng.randint(0, 4, size=300)
  test = rng.randn(101, 5)
  test_labels = rng.randint(0, 4, size=101)
  expected = np.mean(_brute_force_1nn(train, labels, test) == test_labels)
  assert nearest_neighbor_accuracy(train, labels, test, test_labels) == (
      pytest.approx(expected))
  # Its own training rows find themselves.
  assert nearest_neighbor_accuracy(train, labels, train, labels) == 1.0


def test_frechet_distance_of_diagonal_gaussians_matches_the_closed_form():
  # For diagonal covariances the trace term is sum (s1 - s2)^2 of the
  # standard deviations; with the sample moments it is exact.
  rng = np.random.RandomState(1)
  a = rng.randn(5000, 3) * [1.0, 2.0, 0.5] + [0.0, 1.0, -1.0]
  b = rng.randn(4000, 3) * [3.0, 1.0, 0.5] + [2.0, 1.0, 0.0]
  mean_a, mean_b = a.mean(0), b.mean(0)
  cov_a, cov_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
  # The closed form on the sample moments, through SciPy's general root.
  from scipy import linalg  # pylint: disable=g-import-not-at-top
  root = linalg.sqrtm(cov_a @ cov_b).real
  expected = (np.sum((mean_a - mean_b) ** 2) +
              np.trace(cov_a + cov_b - 2.0 * root))
  assert frechet_distance(a, b) == pytest.approx(expected, rel=1e-8)
  # And near the population value: 2^2 + 1^2 + (1-3)^2 + (2-1)^2 = 10.
  assert frechet_distance(a, b) == pytest.approx(10.0, abs=0.3)


def test_frechet_distance_is_zero_for_equal_sets_and_symmetric():
  rng = np.random.RandomState(2)
  a = rng.randn(50, 4)
  # Rank-deficient covariance (50 rows, a copied column) stays finite.
  a[:, 3] = a[:, 2]
  b = rng.randn(60, 4) + 0.5
  assert frechet_distance(a, a) == pytest.approx(0.0, abs=1e-9)
  assert frechet_distance(a, b) == pytest.approx(frechet_distance(b, a),
                                                 rel=1e-8)


@pytest.mark.parametrize("call, error, message", [
    (lambda: frechet_distance([[1.0, 2.0]], [[0.0, 0.0], [1.0, 1.0]]),
     ValueError, "features needs at least 2 rows; got 1."),
    (lambda: frechet_distance(np.zeros((3, 2)), np.zeros((3, 4))),
     ValueError, "reference_features must have 2 column(s); got shape "
                 "(3, 4)."),
    (lambda: frechet_distance([[np.nan, 1.0], [0.0, 1.0]], np.zeros((2, 2))),
     ValueError, "features must be finite."),
    (lambda: frechet_distance("abc", np.zeros((2, 2))),
     TypeError, "features must be an array of numbers; got str."),
    (lambda: nearest_neighbor_accuracy([[0.0], [1.0]], [0], [[0.0]], [0]),
     ValueError, "labels must have one entry per row of features: got 1 "
                 "and 2."),
    (lambda: nearest_neighbor_accuracy([[0.0]], [0], [[0.0, 1.0]], [0]),
     ValueError, "test_features must have 1 column(s); got shape (1, 2)."),
])
def test_bad_input_names_the_argument(call, error, message):
  with pytest.raises(error) as raised:
    call()
  assert str(raised.value) == message
