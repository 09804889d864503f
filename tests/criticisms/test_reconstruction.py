"""reconstruction_error and reconstruction_label_accuracy by hand."""

import numpy as np
import pytest

from edward_lite.criticisms import (
    reconstruct, reconstruction_error, reconstruction_label_accuracy)

X = np.array([[1.0, 3.0], [2.0, 2.0]])


def encode_first(x):
  """E keeps the first coordinate only."""
  return x[:, :1]


def decode_twice(z):
  """G copies it to both coordinates."""
  return np.hstack([z, z])


def test_reconstruction_error_by_hand():
  # G(E(x)) = [[1, 1], [2, 2]]: squared errors 0, 4, 0, 0, mean 1.
  np.testing.assert_array_equal(reconstruct(X, encode_first, decode_twice),
                                [[1.0, 1.0], [2.0, 2.0]])
  assert reconstruction_error(X, encode_first, decode_twice) == 1.0


def test_perfect_and_mean_reconstructions():
  assert reconstruction_error(X, lambda x: x, lambda z: z) == 0.0
  # Returning the data's mean scores the mean of the coordinates'
  # variances: here var = (0.25, 0.25).
  mean = X.mean(axis=0)
  error = reconstruction_error(X, lambda x: x,
                               lambda z: np.tile(mean, (len(z), 1)))
  assert error == pytest.approx(np.mean(X.var(axis=0)))


def test_reconstruction_label_accuracy_with_a_callable_classifier():
  x = np.array([[1.0, -1.0], [-1.0, 1.0], [2.0, 5.0], [-3.0, -3.0]])
  labels = np.array([1, 0, 0, 0])

  def classifier(images):
    return (images[:, 0] > 0).astype(int)

  # Reconstructions [[1, 1], [-1, -1], [2, 2], [-3, -3]] are classified
  # 1, 0, 1, 0 against labels 1, 0, 0, 0: three of four.
  assert reconstruction_label_accuracy(x, labels, encode_first, decode_twice,
                                       classifier) == 0.75


def test_reconstruction_label_accuracy_with_a_predict_method():

  class Threshold(object):

    def predict(self, images):
      return np.where(images[:, 1] > 2.5, "big", "small")

  labels = np.array(["big", "small"])
  # Reconstructions (1, 1) and (2, 2): both "small".
  assert reconstruction_label_accuracy(X, labels, encode_first, decode_twice,
                                       Threshold()) == 0.5
  assert reconstruction_label_accuracy(X, labels, lambda x: x, lambda z: z,
                                       Threshold()) == 1.0


def test_bad_arguments_are_refused_by_name():
  with pytest.raises(TypeError, match="encode must be callable; got int"):
    reconstruction_error(X, 3, decode_twice)
  with pytest.raises(TypeError, match="decode must be callable"):
    reconstruction_error(X, encode_first, None)
  with pytest.raises(ValueError, match=r"decode\(encode\(x\)\) must have the "
                     r"shape of x, \(2, 2\); got \(2, 1\)"):
    reconstruction_error(X, encode_first, lambda z: z)
  with pytest.raises(ValueError, match="x must hold at least one example"):
    reconstruction_error(np.zeros((0, 2)), encode_first, decode_twice)
  with pytest.raises(ValueError, match="labels must have one entry per row "
                     "of x: got 3 and 2"):
    reconstruction_label_accuracy(X, [0, 1, 2], encode_first, decode_twice,
                                  lambda x: np.zeros(len(x)))
  with pytest.raises(TypeError, match="classifier must be callable"):
    reconstruction_label_accuracy(X, [0, 1], encode_first, decode_twice, 5)
  with pytest.raises(ValueError, match="classifier must return one label per "
                     "example"):
    reconstruction_label_accuracy(X, [0, 1], encode_first, decode_twice,
                                  lambda x: np.zeros(3))
