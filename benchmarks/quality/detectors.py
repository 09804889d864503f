"""Classical one-class detectors for the anomaly benchmark.

Each detector is fit on normal data only and returns, for new rows, a
score that is higher for rows it finds more anomalous. Hyperparameters
that need choosing are chosen on normal data only: the Gaussian KDE's
bandwidth and the Gaussian mixture's size and covariance by the mean
log-likelihood of a held-out split of the normal training rows, the
PCA's number of components by the variance it explains on them. The
other settings are fixed in advance (`SETTINGS`), never looked up on the
test set or on the anomalous class.

The KDE is computed exactly with NumPy, in blocks of rows so that MNIST's
54,000 normal digits fit in memory: scikit-learn's `KernelDensity`
answers from a tree, and on the 64 pixels of the digits its mean
held-out log-density at bandwidth 0.053 came out between -12 and +16
where the exact value is -96 to -113 (seeds 100-102), which moved the
chosen bandwidth from 0.14 to 0.11 or 0.12.
"""

import collections

import numpy as np
from scipy.special import logsumexp

__all__ = ["DETECTORS", "SETTINGS", "Settings", "choose_gmm",
           "choose_kde_bandwidth", "fit_and_score", "fit_gmm",
           "kde_log_density", "knn_distance", "pca_components",
           "pca_reconstruction_error", "split_normal"]

# validation_fraction: share of the normal training rows held out to
# choose the KDE's bandwidth and the mixture; kde_bandwidths: the
# bandwidths tried; gmm_grid: covariance type -> numbers of components
# tried; gmm_reg_covar: variance added to each covariance's diagonal;
# ocsvm_nu: the one-class SVM's nu; lof_neighbors: LocalOutlierFactor's
# neighbours; knn_k: k of the k-th neighbour distance; pca_variance:
# share of the variance the PCA's components must explain;
# forest_trees: trees of the IsolationForest; ocsvm_max_rows: the
# one-class SVM is fit on at most this many normal rows, drawn at random
# (None: all; its fit grows with the square of the rows).
Settings = collections.namedtuple("Settings", [
    "validation_fraction", "kde_bandwidths", "gmm_grid", "gmm_reg_covar",
    "ocsvm_nu", "lof_neighbors", "knn_k", "pca_variance", "forest_trees",
    "ocsvm_max_rows"])
Settings.__new__.__defaults__ = (None,)

SETTINGS = Settings(
    validation_fraction=0.25,
    # 0.02 to 1 in steps of 15%: the digits' nearest neighbours are about
    # 1 apart, pixels are sixteenths.
    kde_bandwidths=tuple(float(b) for b in np.geomspace(0.02, 1.0, 29)),
    # A full covariance has 2080 parameters on 64 pixels, so full
    # mixtures stop at 32 components; the cheaper kinds go to 128.
    gmm_grid={"full": (1, 2, 4, 8, 16, 32),
              "diag": (1, 2, 4, 8, 16, 32, 64, 128),
              "spherical": (1, 2, 4, 8, 16, 32, 64, 128)},
    # The variance of rounding to sixteenths, (1/16)^2 / 12: pixels that
    # never vary in the training rows get this much, not a near-zero
    # variance that one stray pixel would turn into a huge score.
    gmm_reg_covar=(1.0 / 16.0) ** 2 / 12.0,
    # nu bounds the share of training rows left outside the boundary;
    # the training rows are all normal, so a small share.
    ocsvm_nu=0.1,
    lof_neighbors=20,  # scikit-learn's default
    knn_k=5,
    pca_variance=0.9,
    forest_trees=100)  # scikit-learn's default

# Row names of the benchmark's tables, in order.
DETECTORS = ["IsolationForest", "OneClassSVM (RBF)", "LocalOutlierFactor",
             "Gaussian KDE", "Gaussian mixture", "k-NN distance",
             "PCA reconstruction error"]


def split_normal(normal, fraction, seed):
  """Splits normal rows at random into (fit, validation) rows.

  Args:
    normal: np.ndarray of shape (n, d). Normal rows only.
    fraction: float in (0, 1). Share of the rows held out (at least one).
    seed: int. Seed of the permutation.

  Returns:
    (fit, validation) arrays of rows of `normal`.
  """
  order = np.random.RandomState(seed).permutation(len(normal))
  n_validation = max(1, int(round(fraction * len(normal))))
  return normal[order[n_validation:]], normal[order[:n_validation]]


def kde_log_density(train, x, bandwidth):
  """Log-density of rows `x` under a Gaussian KDE on rows `train`.

  log p(x) = log sum_i N(x; train_i, bandwidth^2 I) - log n, computed
  exactly in float64.

  Args:
    train: np.ndarray of shape (n, d).
    x: np.ndarray of shape (m, d).
    bandwidth: float > 0. The kernel's standard deviation.

  Returns:
    np.ndarray of shape (m,).
  """
  return _kde_in_blocks(train, x, [bandwidth])[:, 0]


def choose_kde_bandwidth(fit, validation, bandwidths):
  """The bandwidth whose KDE on `fit` best predicts `validation`.

  Args:
    fit: np.ndarray of shape (n, d). Normal rows the KDE is built on.
    validation: np.ndarray of shape (m, d). Held-out normal rows.
    bandwidths: sequence of floats > 0. The candidates.

  Returns:
    (bandwidth, mean_log_likelihoods): the candidate with the highest
    mean held-out log-density (the first on ties), and that mean for
    every candidate as an np.ndarray.
  """
  means = np.mean(_kde_in_blocks(fit, validation, bandwidths), axis=0)
  return float(bandwidths[int(np.argmax(means))]), means


def fit_gmm(x, covariance_type, n_components, reg_covar, seed):
  """A scikit-learn GaussianMixture fit to rows `x` (one k-means start)."""
  from sklearn.mixture import GaussianMixture  # pylint: disable=g-import-not-at-top
  return GaussianMixture(n_components, covariance_type=covariance_type,
                         reg_covar=reg_covar, random_state=seed).fit(x)


def choose_gmm(fit, validation, grid, reg_covar, seed):
  """The mixture fit on `fit` that best predicts `validation`.

  Args:
    fit: np.ndarray of shape (n, d). Normal rows the mixtures are fit to.
    validation: np.ndarray of shape (m, d). Held-out normal rows.
    grid: dict, covariance type -> numbers of components to try.
    reg_covar: float. Added to each covariance's diagonal.
    seed: int. Seed of each fit's k-means start.

  Returns:
    ((covariance_type, n_components), mean_log_likelihoods): the
    candidate with the highest mean held-out log-density (the first on
    ties, in the grid's order), and a dict of that mean per candidate.
    Candidates with more components than `fit` has rows are skipped.
  """
  means = {}
  for covariance_type, sizes in grid.items():
    for n_components in sizes:
      if n_components > len(fit):
        continue
      model = fit_gmm(fit, covariance_type, n_components, reg_covar, seed)
      means[(covariance_type, n_components)] = float(
          np.mean(model.score_samples(validation)))
  best = max(means, key=means.get)
  return best, means


def knn_distance(train, x, k):
  """Euclidean distance from each row of `x` to its k-th nearest in `train`.

  Args:
    train: np.ndarray of shape (n, d), n >= k.
    x: np.ndarray of shape (m, d).
    k: int >= 1.

  Returns:
    np.ndarray of shape (m,).
  """
  from sklearn.neighbors import NearestNeighbors  # pylint: disable=g-import-not-at-top
  distances, _ = NearestNeighbors(n_neighbors=k, algorithm="brute").fit(
      train).kneighbors(x)
  return distances[:, -1]


def pca_components(x, variance):
  """The fewest principal components that explain `variance` of `x`.

  Args:
    x: np.ndarray of shape (n, d).
    variance: float in (0, 1].

  Returns:
    int: the smallest c with sum of the c largest explained-variance
    ratios >= `variance`.
  """
  from sklearn.decomposition import PCA  # pylint: disable=g-import-not-at-top
  ratios = PCA().fit(x).explained_variance_ratio_
  # A tolerance, so that a share reached exactly is not lost to rounding.
  return int(np.searchsorted(np.cumsum(ratios), variance - 1e-12) + 1)


def pca_reconstruction_error(train, x, n_components):
  """||x - x_hat||^2, x_hat the projection of x on `train`'s top PCs.

  Args:
    train: np.ndarray of shape (n, d). The rows the PCA is fit to.
    x: np.ndarray of shape (m, d).
    n_components: int. Principal components kept.

  Returns:
    np.ndarray of shape (m,).
  """
  from sklearn.decomposition import PCA  # pylint: disable=g-import-not-at-top
  pca = PCA(n_components).fit(train)
  x = np.asarray(x, dtype=np.float64)
  restored = pca.inverse_transform(pca.transform(x))
  return np.sum((x - restored) ** 2, axis=1)


def fit_and_score(normal, x, seed, settings=SETTINGS):
  """Fits every detector on `normal`, then scores the rows of `x`.

  Only `normal` is used to fit and to choose hyperparameters; `x` is
  only scored, so a row's score does not depend on the other rows of
  `x`.

  Args:
    normal: np.ndarray of shape (n, d). Normal training rows.
    x: np.ndarray of shape (m, d). Rows to score.
    seed: int. Seed of the held-out split, the forest and the mixtures.
    settings: Settings.

  Returns:
    (scores, choices): scores a dict, detector name (`DETECTORS`) ->
    np.ndarray of shape (m,), higher meaning more anomalous; choices a
    dict of the hyperparameters chosen or derived from `normal`.
  """
  from sklearn.ensemble import IsolationForest  # pylint: disable=g-import-not-at-top
  from sklearn.neighbors import LocalOutlierFactor  # pylint: disable=g-import-not-at-top
  from sklearn.svm import OneClassSVM  # pylint: disable=g-import-not-at-top
  normal = np.asarray(normal, dtype=np.float64)
  x = np.asarray(x, dtype=np.float64)
  fit, validation = split_normal(normal, settings.validation_fraction, seed)
  bandwidth, _ = choose_kde_bandwidth(fit, validation,
                                      settings.kde_bandwidths)
  (covariance_type, n_components), _ = choose_gmm(
      fit, validation, settings.gmm_grid, settings.gmm_reg_covar, seed)
  n_pcs = pca_components(normal, settings.pca_variance)
  # The chosen settings are refit on all the normal training rows.
  mixture = fit_gmm(normal, covariance_type, n_components,
                    settings.gmm_reg_covar, seed)
  svm_rows = normal
  if settings.ocsvm_max_rows and len(normal) > settings.ocsvm_max_rows:
    svm_rows = normal[np.random.RandomState(seed).choice(
        len(normal), settings.ocsvm_max_rows, replace=False)]
  svm = OneClassSVM(kernel="rbf", nu=settings.ocsvm_nu,
                    gamma="scale").fit(svm_rows)
  forest = IsolationForest(n_estimators=settings.forest_trees,
                           random_state=seed).fit(normal)
  lof = LocalOutlierFactor(n_neighbors=settings.lof_neighbors,
                           novelty=True).fit(normal)
  # score_samples is higher for normal rows in scikit-learn: negated.
  scores = {
      "IsolationForest": -forest.score_samples(x),
      "OneClassSVM (RBF)": -svm.score_samples(x),
      "LocalOutlierFactor": -lof.score_samples(x),
      "Gaussian KDE": -kde_log_density(normal, x, bandwidth),
      "Gaussian mixture": -mixture.score_samples(x),
      "k-NN distance": knn_distance(normal, x, settings.knn_k),
      "PCA reconstruction error": pca_reconstruction_error(normal, x, n_pcs),
  }
  choices = {"kde_bandwidth": bandwidth,
             "gmm": "{} x {}".format(n_components, covariance_type),
             "pca_components": n_pcs,
             # What gamma="scale" makes of the normal rows.
             "ocsvm_gamma": 1.0 / (normal.shape[1] * normal.var())}
  return scores, choices


def _squared_distances(x, train):
  """||x_i - t_j||^2 as ||x_i||^2 + ||t_j||^2 - 2 x_i.t_j, in float64.

  The product runs in BLAS, tens of times faster than SciPy's cdist on
  MNIST's 784 pixels; in float64 the cancellation it risks is far below
  the kernels' widths.
  """
  x = np.asarray(x, dtype=np.float64)
  train = np.asarray(train, dtype=np.float64)
  squared = (np.sum(x ** 2, axis=1)[:, None] + np.sum(train ** 2, axis=1) -
             2.0 * x @ train.T)
  return np.maximum(squared, 0.0)


# Rows of x per block: 256 x 54,000 distances are 110 MB.
_BLOCK = 256


def _kde_in_blocks(train, x, bandwidths):
  """Exact KDE log-densities, shape (len(x), len(bandwidths))."""
  train = np.asarray(train, dtype=np.float64)
  x = np.asarray(x, dtype=np.float64)
  blocks = []
  for start in range(0, len(x), _BLOCK):
    squared = _squared_distances(x[start:start + _BLOCK], train)
    blocks.append(np.stack([_kde_from_squared(squared, train.shape[1], b)
                            for b in bandwidths], axis=1))
  return np.concatenate(blocks)


def _kde_from_squared(squared, dim, bandwidth):
  variance = float(bandwidth) ** 2
  return (logsumexp(-squared / (2.0 * variance), axis=1) -
          np.log(squared.shape[1]) -
          0.5 * dim * np.log(2.0 * np.pi * variance))
