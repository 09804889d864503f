"""linear_probe_accuracy on data whose best linear classifier is known."""

import numpy as np
import pytest

from edward_lite.criticisms import linear_probe_accuracy

# 1-D features: class 0 at -3..-1, class 1 at 1..3, so any reasonable
# logistic regression puts its threshold near 0.
TRAIN_X = np.array([[-3.0], [-2.0], [-1.0], [1.0], [2.0], [3.0]])
TRAIN_Y = np.array([0, 0, 0, 1, 1, 1])


def test_held_out_accuracy_by_hand():
  # The last test point, at -2, is labelled 1: wrong side of 0.
  test_x = np.array([[-2.5], [0.5], [2.5], [-2.0]])
  test_y = np.array([0, 1, 1, 1])
  assert linear_probe_accuracy(TRAIN_X, TRAIN_Y, test_x, test_y) == 0.75


def test_standardization_makes_the_probe_scale_free():
  # Scaled by 1e-4, features would be all but ignored by an L2-penalized
  # fit without standardization; standardized, the threshold is the same.
  test_x = np.array([[-0.5], [0.5]])
  test_y = np.array([0, 1])
  assert linear_probe_accuracy(TRAIN_X * 1e-4, TRAIN_Y, test_x * 1e-4,
                               test_y, C=1e-3) == 1.0


def test_cross_validated_accuracy_on_separable_and_shuffled_labels():
  rng = np.random.RandomState(0)
  features = np.concatenate([rng.randn(20, 2) - 4, rng.randn(20, 2) + 4])
  labels = np.repeat([0, 1], 20)
  # Classes 8 apart with unit noise: every fold is perfectly separable.
  assert linear_probe_accuracy(features, labels) == 1.0
  # A constant feature carries no information: the probe predicts the
  # training folds' majority class, which in each stratified fold of 4+4
  # held-out rows is tied, so it scores exactly one half.
  constant = np.zeros((40, 1))
  assert linear_probe_accuracy(constant, labels) == 0.5


def test_bad_arguments_are_refused_by_name():
  with pytest.raises(ValueError, match="test_features and test_labels must "
                     "be given together"):
    linear_probe_accuracy(TRAIN_X, TRAIN_Y, test_features=TRAIN_X)
  with pytest.raises(ValueError, match="labels must have one entry per row "
                     "of features: got 5 and 6"):
    linear_probe_accuracy(TRAIN_X, TRAIN_Y[:5])
  with pytest.raises(ValueError, match=r"test_features must have 1 "
                     r"column\(s\)"):
    linear_probe_accuracy(TRAIN_X, TRAIN_Y, np.zeros((2, 2)), [0, 1])
  with pytest.raises(ValueError, match="every class needs at least "
                     "n_folds=5 rows for cross-validation; the smallest "
                     "has 3"):
    linear_probe_accuracy(TRAIN_X, TRAIN_Y)
  with pytest.raises(ValueError, match="C must be a finite number > 0"):
    linear_probe_accuracy(TRAIN_X, TRAIN_Y, C=0.0)
  with pytest.raises(TypeError, match="n_folds must be an integer >= 2"):
    linear_probe_accuracy(TRAIN_X, TRAIN_Y, n_folds=2.0)
