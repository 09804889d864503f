"""The anomaly benchmark's classical detectors, against NumPy by hand."""

import math

import numpy as np
import pytest

from benchmarks.quality import detectors

# Grids small enough for tests that fit every detector.
SMALL = detectors.SETTINGS._replace(
    kde_bandwidths=(0.3, 1.0, 3.0), gmm_grid={"diag": (1, 2)})


def _loop_kde_log_density(train, x, bandwidth):
  """log (1/n) sum_i N(x; train_i, h^2 I), one Gaussian at a time."""
  out = []
  for row in x:
    terms = []
    for center in train:
      squared = sum((a - b) ** 2 for a, b in zip(row, center))
      terms.append(-squared / (2 * bandwidth ** 2) -
                   0.5 * len(row) * math.log(2 * math.pi * bandwidth ** 2))
    out.append(np.logaddexp.reduce(terms) - math.log(len(train)))
  return np.array(out)


def test_kde_log_density_is_the_mean_of_gaussians():
  rng = np.random.RandomState(0)
  train, x = rng.randn(12, 3), rng.randn(5, 3)
  np.testing.assert_allclose(detectors.kde_log_density(train, x, 0.7),
                             _loop_kde_log_density(train, x, 0.7), rtol=1e-12)


def test_kde_bandwidth_maximizes_held_out_log_likelihood():
  rng = np.random.RandomState(1)
  fit, validation = rng.randn(40, 2), rng.randn(20, 2)
  bandwidths = tuple(np.geomspace(0.05, 5.0, 15))
  chosen, means = detectors.choose_kde_bandwidth(fit, validation, bandwidths)
  expected = np.array([np.mean(_loop_kde_log_density(fit, validation, b))
                       for b in bandwidths])
  np.testing.assert_allclose(means, expected, rtol=1e-12)
  best = int(np.argmax(expected))
  assert chosen == bandwidths[best]
  # An interior maximum: the choice is the grid's peak, not its end.
  assert 0 < best < len(bandwidths) - 1


def _gaussian_mixture_log_density(x, weights, means, variances):
  """Diagonal-covariance mixture density, written out."""
  logs = []
  for weight, mean, variance in zip(weights, means, variances):
    logs.append(np.log(weight) - 0.5 * np.sum(
        np.log(2 * np.pi * variance) + (x - mean) ** 2 / variance, axis=1))
  return np.logaddexp.reduce(np.stack(logs), axis=0)


def test_mixture_is_chosen_by_held_out_log_likelihood():
  rng = np.random.RandomState(2)
  centers = np.array([[0.0, 0.0], [6.0, 0.0], [0.0, 6.0]])
  data = np.concatenate([c + 0.5 * rng.randn(60, 2) for c in centers])
  fit, validation = detectors.split_normal(data, 0.25, seed=3)
  grid = {"diag": (1, 2, 3, 4), "spherical": (1, 3)}
  chosen, means = detectors.choose_gmm(fit, validation, grid, 1e-6, seed=0)
  assert set(means) == {("diag", n) for n in (1, 2, 3, 4)} | {
      ("spherical", 1), ("spherical", 3)}
  assert chosen == max(means, key=means.get)
  # Three separate clusters: three components, whichever covariance.
  assert chosen[1] == 3
  for n_components in (1, 3):
    model = detectors.fit_gmm(fit, "diag", n_components, 1e-6, seed=0)
    by_hand = _gaussian_mixture_log_density(
        validation, model.weights_, model.means_, model.covariances_)
    assert means[("diag", n_components)] == pytest.approx(
        np.mean(by_hand), rel=1e-9)


def test_knn_distance_is_the_kth_smallest_distance():
  rng = np.random.RandomState(4)
  train, x = rng.rand(30, 4), rng.rand(7, 4)
  distances = np.sqrt(((x[:, None, :] - train[None, :, :]) ** 2).sum(-1))
  for k in (1, 5):
    np.testing.assert_allclose(detectors.knn_distance(train, x, k),
                               np.sort(distances, axis=1)[:, k - 1],
                               rtol=1e-12)


def test_pca_keeps_the_fewest_components_for_the_variance_share():
  rng = np.random.RandomState(5)
  # Standard deviations 5, 3, 2, 1, 0.5 on random orthogonal axes.
  axes = np.linalg.qr(rng.randn(5, 5))[0]
  data = (rng.randn(400, 5) * [5.0, 3.0, 2.0, 1.0, 0.5]).dot(axes.T) + 1.0
  eigenvalues, eigenvectors = np.linalg.eigh(np.cov(data.T))
  order = np.argsort(eigenvalues)[::-1]
  shares = np.cumsum(eigenvalues[order]) / eigenvalues.sum()
  for variance in (0.5, 0.9, 0.99):
    expected = int(np.flatnonzero(shares >= variance)[0]) + 1
    assert detectors.pca_components(data, variance) == expected
  assert detectors.pca_components(data, 0.9) == 3  # 38/39.25 of the variance
  kept = eigenvectors[:, order[:3]]
  x = rng.randn(6, 5)
  centered = x - data.mean(axis=0)
  residual = centered - centered.dot(kept).dot(kept.T)
  np.testing.assert_allclose(
      detectors.pca_reconstruction_error(data, x, 3),
      np.sum(residual ** 2, axis=1), rtol=1e-9)


def test_split_holds_out_a_share_of_distinct_rows():
  rows = np.arange(40.0)[:, None]
  fit, validation = detectors.split_normal(rows, 0.25, seed=0)
  assert len(validation) == 10 and len(fit) == 30
  assert sorted(np.concatenate([fit, validation])[:, 0]) == list(range(40))


def test_every_detector_finds_a_far_point_more_anomalous():
  rng = np.random.RandomState(6)
  normal = rng.randn(200, 3)
  x = np.array([[0.0, 0.0, 0.0], [6.0, 6.0, 6.0]])
  scores, _ = detectors.fit_and_score(normal, x, seed=0, settings=SMALL)
  assert list(scores) == detectors.DETECTORS
  for name, score in scores.items():
    assert score[1] > score[0], name


def test_choices_and_scores_do_not_depend_on_the_rows_scored():
  rng = np.random.RandomState(7)
  normal, x = rng.rand(150, 4), rng.rand(5, 4)
  others = 10.0 + rng.rand(30, 4)  # as if the test set held anomalies
  scores, choices = detectors.fit_and_score(normal, x, seed=1,
                                            settings=SMALL)
  more_scores, more_choices = detectors.fit_and_score(
      normal, np.concatenate([x, others]), seed=1, settings=SMALL)
  assert choices == more_choices
  for name in detectors.DETECTORS:
    np.testing.assert_allclose(more_scores[name][:5], scores[name],
                               rtol=1e-9, err_msg=name)
  # What was chosen, on the normal rows alone.
  fit, validation = detectors.split_normal(normal, 0.25, seed=1)
  assert choices["kde_bandwidth"] == detectors.choose_kde_bandwidth(
      fit, validation, SMALL.kde_bandwidths)[0]
  assert choices["pca_components"] == detectors.pca_components(normal, 0.9)
  assert choices["ocsvm_gamma"] == pytest.approx(1.0 / (4 * normal.var()))
