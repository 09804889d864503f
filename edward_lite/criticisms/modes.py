"""Mode coverage on mixtures of Gaussians (Srivastava et al., 2017).

VEEGAN's two numbers for the toy mixtures (2-D ring and grid) tell mode
collapse from good coverage without a likelihood. Given the mixture's
centres mu_1..mu_K and the common standard deviation std of its
components:

- a sample x is *high quality* when it lies within n_std standard
  deviations of its nearest centre: min_k ||x - mu_k||_2 <= n_std * std;
- a mode k is *covered* when at least `min_count` high-quality samples
  have mu_k as their nearest centre.

VEEGAN used n_std = 3 and counted a mode as soon as one high-quality
sample fell to it (min_count = 1), on 2500 samples. A larger min_count
(PacGAN asked for 20 of 2500, for example) ignores stray samples.
"""

import numpy as np

from edward_lite.criticisms import _checks

__all__ = ["high_quality_fraction", "modes_covered"]


def modes_covered(samples, centers, std, n_std=3.0, min_count=1):
  """Number of mixture components covered by high-quality samples.

  modes = #{k : #{i : nearest(x_i) = k and ||x_i - mu_k|| <= n_std * std}
                >= min_count},
  where nearest(x) = argmin_k ||x - mu_k||_2.

  Args:
    samples: array of shape (n, d), or (n,) for d = 1. Draws of the
      model, e.g. G(z) for 2500 prior draws z.
    centers: array of shape (K, d), or (K,) for d = 1. The centres mu_k,
      e.g. `edward_lite.datasets.grid_2d_centers()`.
    std: float > 0. Standard deviation of each component on each axis.
    n_std: float > 0. Radius of a mode, in standard deviations.
    min_count: int >= 1. High-quality samples a mode needs to count.

  Returns:
    int in [0, K].

  Raises:
    TypeError: an argument has the wrong type.
    ValueError: an array is empty or of the wrong shape, `std` or
      `n_std` is not a finite number > 0, or `min_count` < 1.

  #### Examples

  ```python
  centers = [[0.0, 0.0], [2.0, 0.0]]
  # (0.1, 0) lies 2 std from mode 0; (5, 5) is near no mode.
  covered = ed.criticisms.modes_covered([[0.1, 0.0], [5.0, 5.0]], centers,
                                        std=0.05)  # 1
  ```
  """
  min_count = _checks.check_count("min_count", min_count, minimum=1)
  nearest, high_quality, n_modes = _assign(samples, centers, std, n_std)
  counts = np.bincount(nearest[high_quality], minlength=n_modes)
  return int(np.sum(counts >= min_count))


def high_quality_fraction(samples, centers, std, n_std=3.0):
  """Share of samples within n_std standard deviations of some centre.

  hq = (1/n) #{i : min_k ||x_i - mu_k||_2 <= n_std * std}

  Draws of the mixture itself in d = 2 score 1 - exp(-n_std**2 / 2),
  0.989 for n_std = 3; a sample with a NaN coordinate is never high
  quality.

  Args:
    samples: array of shape (n, d), or (n,) for d = 1.
    centers: array of shape (K, d), or (K,) for d = 1.
    std: float > 0. Standard deviation of each component on each axis.
    n_std: float > 0. Radius of a mode, in standard deviations.

  Returns:
    float in [0, 1].

  Raises:
    TypeError: an argument has the wrong type.
    ValueError: an array is empty or of the wrong shape, or `std` or
      `n_std` is not a finite number > 0.

  #### Examples

  ```python
  centers = [[0.0, 0.0], [2.0, 0.0]]
  # Within 3 * 0.1 of a centre: the first two samples, not the last two.
  samples = [[0.1, 0.0], [2.0, 0.2], [1.0, 0.0], [5.0, 5.0]]
  fraction = ed.criticisms.high_quality_fraction(samples, centers,
                                                 std=0.1)  # 0.5
  ```
  """
  _, high_quality, _ = _assign(samples, centers, std, n_std)
  return float(np.mean(high_quality))


def _assign(samples, centers, std, n_std):
  """Each sample's nearest centre, and whether it lies within the radius."""
  std = _checks.check_positive("std", std)
  n_std = _checks.check_positive("n_std", n_std)
  centers = _checks.as_matrix("centers", centers)
  samples = _checks.as_matrix("samples", samples, dimension=centers.shape[1])
  distances = np.sqrt(np.sum(
      (samples[:, None, :] - centers[None, :, :]) ** 2, axis=-1))
  # NaN rows are given centre 0 and fail the radius test below.
  safe = np.where(np.isnan(distances), np.inf, distances)
  nearest = np.argmin(safe, axis=1)
  high_quality = np.min(safe, axis=1) <= n_std * std
  return nearest, high_quality, centers.shape[0]
