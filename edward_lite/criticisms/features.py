"""Judging a model by features: nearest neighbours and Frechet distance.

Two measures the BiGAN literature reads off fixed features:

- how well the encoder's codes separate the classes, as the BiGAN paper's
  Table 1 does on MNIST (Donahue et al., 2017): the accuracy of the
  one-nearest-neighbour rule, Euclidean, test codes against training
  codes (`nearest_neighbor_accuracy`);
- how far generated samples are from real ones in a classifier's feature
  space, the Frechet distance between Gaussians fitted to both sets of
  features (Heusel et al., 2017; FID when the features are Inception's)
  (`frechet_distance`).
"""

import numpy as np

from edward_lite.criticisms import _checks

__all__ = ["frechet_distance", "nearest_neighbor_accuracy"]

# Test rows per block of distances: 512 x 60,000 float64 is 250 MB.
_BLOCK = 512


def nearest_neighbor_accuracy(features, labels, test_features, test_labels):
  """Accuracy of the 1-nearest-neighbour rule, Euclidean distance.

  acc = (1/m) #{j : y_{i*(j)} = t_j}, i*(j) = argmin_i ||f_i - g_j||_2,

  f_i the training features with labels y_i, g_j the test features with
  labels t_j. Ties go to the lowest training index.

  Args:
    features: array of shape (n, d). Training features, e.g. E(x).
    labels: array of shape (n,). Their labels.
    test_features: array of shape (m, d). Test features.
    test_labels: array of shape (m,). Their labels.

  Returns:
    float in [0, 1].

  Raises:
    TypeError: an array does not hold numbers.
    ValueError: an array is empty, not finite, or the shapes disagree.

  #### Examples

  ```python
  accuracy = ed.criticisms.nearest_neighbor_accuracy(
      [[0.0], [10.0]], [0, 1], [[1.0], [6.0], [4.0]], [0, 1, 1])
  # 2/3: 4.0 is nearer 0.0, whose label is 0.
  ```
  """
  features = _finite_matrix("features", features)
  test_features = _finite_matrix("test_features", test_features,
                                 dimension=features.shape[1])
  labels = _checks.check_labels("labels", labels, "features", features)
  test_labels = _checks.check_labels("test_labels", test_labels,
                                     "test_features", test_features)
  # ||g - f||^2 = ||g||^2 - 2 g.f + ||f||^2; ||g||^2 does not change the
  # argmin over f, so it is left out.
  norms = np.sum(features ** 2, axis=1)
  hits = 0
  for start in range(0, len(test_features), _BLOCK):
    block = test_features[start:start + _BLOCK]
    nearest = np.argmin(norms[None, :] - 2.0 * block @ features.T, axis=1)
    hits += int(np.sum(labels[nearest] == test_labels[start:start + _BLOCK]))
  return hits / float(len(test_features))


def frechet_distance(features, reference_features):
  """Frechet distance between Gaussians fitted to two sets of features.

  d^2 = ||mu_1 - mu_2||^2 + tr(S_1 + S_2 - 2 (S_1^(1/2) S_2 S_1^(1/2))^(1/2)),

  mu and S the mean and covariance (divisor n - 1) of each set. The
  trace term equals tr(S_1 + S_2 - 2 (S_1 S_2)^(1/2)) of Heusel et al.
  (2017); written with S_1^(1/2) the matrix under the root is symmetric,
  so it is computed from eigenvalues, without a general matrix root.
  Zero for two sets with the same mean and covariance.

  Args:
    features: array of shape (n, d), n >= 2. E.g. a classifier's last
      hidden layer on generated samples.
    reference_features: array of shape (m, d), m >= 2. The same features
      of real data.

  Returns:
    float >= 0: d^2, as FID reports it.

  Raises:
    TypeError: an array does not hold numbers.
    ValueError: an array has fewer than 2 rows, is not finite, or the
      dimensions differ.

  #### Examples

  ```python
  rng = np.random.RandomState(0)
  distance = ed.criticisms.frechet_distance(
      rng.randn(20000, 2), 3.0 + 2.0 * rng.randn(20000, 2))
  # Near 2 * 3^2 + 2 * (2 - 1)^2 = 20.
  ```
  """
  features = _finite_matrix("features", features, minimum_rows=2)
  reference_features = _finite_matrix("reference_features",
                                      reference_features,
                                      dimension=features.shape[1],
                                      minimum_rows=2)
  mean_1, cov_1 = _moments(features)
  mean_2, cov_2 = _moments(reference_features)
  root_1 = _psd_sqrt(cov_1)
  middle = root_1 @ cov_2 @ root_1
  middle_eigenvalues = np.linalg.eigvalsh((middle + middle.T) / 2.0)
  cross = np.sum(np.sqrt(np.clip(middle_eigenvalues, 0.0, None)))
  distance = (np.sum((mean_1 - mean_2) ** 2) + np.trace(cov_1) +
              np.trace(cov_2) - 2.0 * cross)
  # Rounding can leave -1e-12 for equal sets.
  return float(max(distance, 0.0))


def _moments(rows):
  return np.mean(rows, axis=0), np.atleast_2d(np.cov(rows, rowvar=False))


def _psd_sqrt(matrix):
  """The symmetric square root of a covariance, from its eigenvalues."""
  eigenvalues, vectors = np.linalg.eigh((matrix + matrix.T) / 2.0)
  return (vectors * np.sqrt(np.clip(eigenvalues, 0.0, None))) @ vectors.T


def _finite_matrix(name, value, dimension=None, minimum_rows=1):
  matrix = _checks.as_matrix(name, value, dimension=dimension)
  if len(matrix) < minimum_rows:
    raise ValueError("{} needs at least {} rows; got {}.".format(
        name, minimum_rows, len(matrix)))
  if not np.all(np.isfinite(matrix)):
    raise ValueError("{} must be finite.".format(name))
  return matrix
